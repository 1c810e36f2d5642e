using Drover.Harness.Models;

namespace Drover.Harness.Context;

/// <summary>
/// Decides, before each model request, whether the context must be compacted, and writes the summary that replaces
/// the older turns. The harness records the result as <c>agent.thread_context_compacted</c> and rebuilds the context
/// from the log with the summary in place of what it covers; the log itself is never rewritten.
/// </summary>
public interface IContextStrategy
{
    /// <summary>Returns the compaction to record, or null when the context fits.</summary>
    Task<ContextCompaction?> CompactAsync(ContextCompactionRequest request, CancellationToken cancellationToken);

    /// <summary>
    /// False when <see cref="CompactAsync"/> would return null without doing anything (the context fits), so the harness
    /// may append <c>session.status_running</c> together with the model request instead of before a compaction.
    /// </summary>
    bool MayCompact(ContextCompactionRequest request) => true;
}

/// <summary>What a strategy decides on.</summary>
/// <param name="Model">The agent's model.</param>
/// <param name="System">The agent's system prompt.</param>
/// <param name="Context">The context as it would be sent.</param>
/// <param name="Client">The model client, for strategies that summarise with the model.</param>
public sealed record ContextCompactionRequest(string Model, string? System, ModelContext Context, IModelClient Client);

/// <summary>A summary that stands in for every event up to and including <paramref name="Through"/>.</summary>
public sealed record ContextCompaction(string Summary, long Through);
