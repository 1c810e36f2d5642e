using Drover.Harness.Models;

namespace Drover.Harness.Context;

/// <summary>The context built from the log: the messages, and where in them each clean user turn starts.</summary>
/// <param name="Messages">The conversation for the model.</param>
/// <param name="Turns">User turns that begin with everything before them answered: the places a compaction may cut.</param>
public sealed record ModelContext(IReadOnlyList<ModelMessage> Messages, IReadOnlyList<TurnStart> Turns)
{
    /// <summary>A rough size in tokens (four characters a token), enough to decide when to compact.</summary>
    public long EstimateTokens(string? system)
    {
        long chars = system?.Length ?? 0;
        foreach (var message in Messages)
        {
            foreach (var block in message.Content)
            {
                chars += Size(block);
            }
        }

        return chars / 4;
    }

    private static long Size(ModelContent block) => block switch
    {
        ModelText t => t.Text.Length,
        ModelThinking t => t.Thinking.Length + t.Signature.Length,
        ModelRedactedThinking r => r.Data.Length,
        ModelToolUse u => u.Name.Length + u.Input.GetRawText().Length,
        ModelToolResult r => 16 + r.Content.Sum(Size),
        ModelMedia m => m.Block.GetRawText().Length,
        _ => 0,
    };
}

/// <summary>A user turn's first message in <see cref="ModelContext.Messages"/> and the sequence of its <c>user.message</c>.</summary>
public sealed record TurnStart(int MessageIndex, long Sequence);
