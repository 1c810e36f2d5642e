using Anthropic.Core;
using Anthropic.Models.Beta.Files;

namespace Drover.Server.Tests.Files;

/// <summary>The Files API driven by the official C# SDK (13.13.0): upload, page through the list, retrieve, download, delete.</summary>
public sealed class FilesSdkTests(FilesServerFixture server) : IClassFixture<FilesServerFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_csharp_sdk_uploads_lists_downloads_and_deletes()
    {
        var client = server.CreateSdkClient();
        var bytes = Enumerable.Range(0, 5000).Select(i => (byte)(i * 13)).ToArray();

        var uploaded = await client.Beta.Files.Upload(new FileUploadParams { File = new BinaryContent { Stream = new MemoryStream(bytes), FileName = "sdk.bin", ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/x-sdk") } }, Ct);
        var other = await client.Beta.Files.Upload(new FileUploadParams { File = new BinaryContent { Stream = new MemoryStream("hi"u8.ToArray()), FileName = "other.txt" } }, Ct);
        uploaded.Validate();

        Assert.StartsWith("file_", uploaded.ID, StringComparison.Ordinal);
        Assert.Equal(("sdk.bin", "application/x-sdk", 5000L), (uploaded.Filename, uploaded.MimeType, uploaded.SizeBytes));
        var retrieved = await client.Beta.Files.RetrieveMetadata(uploaded.ID, cancellationToken: Ct);
        Assert.Equal(uploaded.ID, retrieved.ID);

        var ids = new List<string>();
        var page = await client.Beta.Files.List(new FileListParams { Limit = 1 }, Ct);
        while (true)
        {
            ids.AddRange(page.Items.Select(f => f.ID));
            if (!page.HasNext())
            {
                break;
            }

            page = await page.Next(Ct);
        }

        Assert.Contains(uploaded.ID, ids);
        Assert.Contains(other.ID, ids);

        using var download = await client.Beta.Files.Download(uploaded.ID, cancellationToken: Ct);
        using var memory = new MemoryStream();
        await (await download.ReadAsStream(Ct)).CopyToAsync(memory, Ct);
        Assert.Equal(bytes, memory.ToArray());

        var deleted = await client.Beta.Files.Delete(uploaded.ID, cancellationToken: Ct);
        Assert.Equal(uploaded.ID, deleted.ID);
        await Assert.ThrowsAnyAsync<Exception>(() => client.Beta.Files.RetrieveMetadata(uploaded.ID, cancellationToken: Ct));
    }
}
