namespace Drover.Sessions;

/// <summary>What must hold for an append to commit.</summary>
/// <param name="ExpectedLastSequence">When set, the session's last sequence must equal it (optimistic concurrency).</param>
/// <param name="LeaseEpoch">When set, the session's lease epoch must equal it (fencing: a harness that lost its lease cannot write).</param>
public sealed record AppendCondition(long? ExpectedLastSequence = null, long? LeaseEpoch = null)
{
    /// <summary>No condition: the batch goes at the end whatever it is.</summary>
    public static AppendCondition None { get; } = new();
}
