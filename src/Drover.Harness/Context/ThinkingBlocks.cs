using System.Text.Json;
using Drover.Events;
using Drover.Harness.Models;

namespace Drover.Harness.Context;

/// <summary>
/// Where a thinking block lives in the log. The official <c>agent.thinking</c> event carries no content, but the model
/// requires its thinking blocks back, signature intact, on the next request of a tool-using turn; so Drover keeps
/// the block in extra members of the event (<c>thinking</c> and <c>signature</c>, or <c>redacted_thinking</c>), which
/// clients ignore as unknown fields. The session belongs to the client that reads them anyway.
/// </summary>
internal static class ThinkingBlocks
{
    private const string ThinkingMember = "thinking";
    private const string SignatureMember = "signature";
    private const string RedactedMember = "redacted_thinking";

    public static AgentThinkingEvent ToEvent(string id, ModelContent block, DateTimeOffset processedAt)
    {
        var members = block switch
        {
            ModelThinking t => new Dictionary<string, JsonElement>
            {
                [ThinkingMember] = JsonSerializer.SerializeToElement(t.Thinking, HarnessJsonContext.Default.String),
                [SignatureMember] = JsonSerializer.SerializeToElement(t.Signature, HarnessJsonContext.Default.String),
            },
            ModelRedactedThinking r => new Dictionary<string, JsonElement>
            {
                [RedactedMember] = JsonSerializer.SerializeToElement(r.Data, HarnessJsonContext.Default.String),
            },
            _ => throw new ArgumentException("Not a thinking block.", nameof(block)),
        };
        return new AgentThinkingEvent { Id = id, ProcessedAt = processedAt, ExtensionData = members };
    }

    public static ModelContent? Read(AgentThinkingEvent e)
    {
        var members = e.ExtensionData;
        if (members is null)
        {
            return null;
        }

        if (members.TryGetValue(RedactedMember, out var data) && data.ValueKind == JsonValueKind.String)
        {
            return new ModelRedactedThinking(data.GetString()!);
        }

        return members.TryGetValue(ThinkingMember, out var thinking) && thinking.ValueKind == JsonValueKind.String
            && members.TryGetValue(SignatureMember, out var signature) && signature.ValueKind == JsonValueKind.String
            ? new ModelThinking(thinking.GetString()!, signature.GetString()!)
            : null;
    }
}
