namespace Drover.Harness.Context;

/// <summary>How the harness shapes the model's context.</summary>
public sealed record ContextOptions
{
    /// <summary>Tool results longer than this many characters are shortened in the context (the log keeps them whole).</summary>
    public int MaxToolResultChars { get; init; } = 40_000;

    /// <summary>The model's context window in tokens, when the model's own is not known.</summary>
    public int ContextWindowTokens { get; init; } = 200_000;

    /// <summary>Compaction starts when the estimated context passes this fraction of the window.</summary>
    public double CompactAtFraction { get; init; } = 0.8;

    /// <summary>The most recent user turns kept verbatim when older ones are compacted.</summary>
    public int KeepRecentTurns { get; init; } = 2;
}
