using System.ComponentModel.DataAnnotations;

namespace Drover.Sessions;

/// <summary>Limits shared by every session log store.</summary>
public sealed class SessionLogOptions
{
    /// <summary>The largest event JSON, in UTF-8 bytes. Default 1 MiB.</summary>
    [Range(1024, 64 * 1024 * 1024)]
    public int MaxEventBytes { get; set; } = 1024 * 1024;

    /// <summary>The most events in one append. Default 1,000.</summary>
    [Range(1, 100_000)]
    public int MaxEventsPerAppend { get; set; } = 1000;

    /// <summary>The most events one read returns. Default 1,000.</summary>
    [Range(1, 100_000)]
    public int MaxReadLimit { get; set; } = 1000;

    /// <summary>How many queued appends one commit may carry (group commit). Default 256.</summary>
    [Range(1, 10_000)]
    public int MaxAppendsPerCommit { get; set; } = 256;
}
