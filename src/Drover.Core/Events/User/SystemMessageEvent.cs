using System.Text.Json.Serialization;

namespace Drover.Events;

/// <summary>
/// A mid-conversation system message from the client, appended as a <c>role: "system"</c> turn (it does not replace
/// the agent's system prompt). Lands on the primary thread only.
/// </summary>
public sealed record SystemMessageEvent() : SessionEvent(EventTypes.SystemMessage)
{
    /// <summary>Text blocks only.</summary>
    [JsonPropertyName("content")]
    public required IReadOnlyList<ContentBlock> Content { get; init; }
}
