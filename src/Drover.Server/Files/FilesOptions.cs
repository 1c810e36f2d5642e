namespace Drover.Server.Files;

/// <summary>The Files API (configuration section <c>Files</c>).</summary>
public sealed class FilesOptions
{
    public const string Section = "Files";

    /// <summary>The largest file <c>POST /v1/files</c> accepts, in bytes (default 500 MB, the hosted API's limit); larger is a 413.</summary>
    public long MaxBytes { get; set; } = 500L * 1024 * 1024;

    /// <summary>
    /// Whether files uploaded through the API can be downloaded again (default true). The hosted API lets clients download
    /// only files the platform made (session outputs); a self-hosted server's operator owns the bytes either way.
    /// Session outputs are always downloadable.
    /// </summary>
    public bool UploadsDownloadable { get; set; } = true;
}
