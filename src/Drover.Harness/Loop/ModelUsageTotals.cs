using Drover.Events;

namespace Drover.Harness.Loop;

/// <summary>Token counts summed over a session's model requests.</summary>
internal sealed class ModelUsageTotals
{
    public long InputTokens { get; private set; }

    public long OutputTokens { get; private set; }

    public long CacheReadInputTokens { get; private set; }

    public long CacheCreationInputTokens { get; private set; }

    public void Add(ModelUsage usage)
    {
        InputTokens += usage.InputTokens;
        OutputTokens += usage.OutputTokens;
        CacheReadInputTokens += usage.CacheReadInputTokens;
        CacheCreationInputTokens += usage.CacheCreationInputTokens;
    }

    /// <summary>The session's <c>usage</c> object as of now.</summary>
    public SessionUsage ToSessionUsage(double activeSeconds) => new()
    {
        InputTokens = InputTokens,
        OutputTokens = OutputTokens,
        CacheReadInputTokens = CacheReadInputTokens,
        CacheCreation = new CacheCreationUsage { Ephemeral5mInputTokens = CacheCreationInputTokens, Ephemeral1hInputTokens = 0 },
        ActiveSeconds = Math.Round(activeSeconds, 3),
    };
}
