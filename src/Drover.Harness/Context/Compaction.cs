using System.Text.Json;
using Drover.Events;

namespace Drover.Harness.Context;

/// <summary>
/// How a compaction is kept in the log: <c>agent.thread_context_compacted</c> with two extra members, <c>summary</c>
/// (the text that replaces the older turns in the context) and <c>compacted_through</c> (the last sequence it covers).
/// The events it summarises stay in the log untouched.
/// </summary>
internal static class Compaction
{
    public const string SummaryPreamble = "Summary of the earlier part of this session (older turns were compacted to fit the context window):\n\n";

    private const string SummaryMember = "summary";
    private const string ThroughMember = "compacted_through";

    public static AgentThreadContextCompactedEvent ToEvent(string id, string summary, long through, DateTimeOffset processedAt) => new()
    {
        Id = id,
        ProcessedAt = processedAt,
        ExtensionData = new Dictionary<string, JsonElement>
        {
            [SummaryMember] = JsonSerializer.SerializeToElement(summary, HarnessJsonContext.Default.String),
            [ThroughMember] = JsonSerializer.SerializeToElement(through, HarnessJsonContext.Default.Int64),
        },
    };

    public static (string Summary, long Through)? Read(AgentThreadContextCompactedEvent e) =>
        e.ExtensionData is { } members
        && members.TryGetValue(SummaryMember, out var summary) && summary.ValueKind == JsonValueKind.String
        && members.TryGetValue(ThroughMember, out var through) && through.ValueKind == JsonValueKind.Number
            ? (summary.GetString()!, through.GetInt64())
            : null;
}
