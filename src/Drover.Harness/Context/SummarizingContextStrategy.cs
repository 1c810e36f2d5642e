using System.Text;
using Drover.Harness.Models;

namespace Drover.Harness.Context;

/// <summary>
/// The default strategy: when the estimated context passes <see cref="ContextOptions.CompactAtFraction"/> of the
/// window, the model summarises every turn but the last <see cref="ContextOptions.KeepRecentTurns"/>, which stay verbatim.
/// </summary>
public sealed class SummarizingContextStrategy(ContextOptions options) : IContextStrategy
{
    private const string Instruction =
        "The conversation above is being compacted to fit the context window. Write a summary that lets you continue " +
        "the work without it: the user's goals and constraints, decisions made, files and commands involved, results " +
        "of tool calls that still matter, and what remains to do. Reply with the summary only.";

    public async Task<ContextCompaction?> CompactAsync(ContextCompactionRequest request, CancellationToken cancellationToken)
    {
        if (!MayCompact(request))
        {
            return null;
        }

        var context = request.Context;
        var boundary = context.Turns[^options.KeepRecentTurns];

        var older = context.Messages.Take(boundary.MessageIndex).ToList();
        older.Add(new ModelMessage(ModelRole.User, [new ModelText(Instruction)]));
        var summary = new StringBuilder();
        var summarize = new ModelRequest(request.Model, request.System, Merge(older), [], MaxTokens: 4096) { CacheSystemAndTools = false };
        await foreach (var item in request.Client.StreamAsync(summarize, cancellationToken))
        {
            if (item is ModelBlockCompleted { Block: ModelText text })
            {
                summary.Append(text.Text);
            }
        }

        return summary.Length == 0 ? null : new ContextCompaction(summary.ToString(), boundary.Sequence - 1);
    }

    public bool MayCompact(ContextCompactionRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var context = request.Context;
        return context.EstimateTokens(request.System) >= options.ContextWindowTokens * options.CompactAtFraction
            && context.Turns.Count > options.KeepRecentTurns
            && context.Turns[^options.KeepRecentTurns].MessageIndex != 0;
    }

    // Two user messages in a row (a turn the model never answered, then the instruction) become one.
    private static List<ModelMessage> Merge(List<ModelMessage> messages)
    {
        var merged = new List<ModelMessage>(messages.Count);
        foreach (var message in messages)
        {
            if (merged.Count > 0 && merged[^1].Role == message.Role)
            {
                merged[^1] = merged[^1] with { Content = [.. merged[^1].Content, .. message.Content] };
            }
            else
            {
                merged.Add(message with { CacheBreakpoint = false });
            }
        }

        return merged;
    }
}
