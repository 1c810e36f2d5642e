using Drover.Events;
using Drover.Harness.Models;
using Drover.Ids;

namespace Drover.Harness.Loop;

/// <summary>
/// The live preview of one streamed model response: each text or thinking block gets the id its event will be
/// appended with as soon as it starts, and its <c>event_start</c> (and, for text, <c>event_delta</c>s) go to the
/// instance's <see cref="IEventPreviews"/>. Text deltas are left out when the session holds secrets the log redacts:
/// a fragment cannot be redacted reliably (a secret may span two), so those sessions preview starts only.
/// </summary>
internal sealed class ResponsePreview(IEventPreviews previews, string sessionId, long afterSequence, bool textAllowed)
{
    private readonly Dictionary<int, string> _ids = [];

    public void On(ModelStreamItem item)
    {
        switch (item)
        {
            case ModelTextDelta { Text.Length: > 0 } text:
                var id = Open(text.Index, EventTypes.AgentMessage);
                if (textAllowed && previews.HasListeners(sessionId))
                {
                    previews.Delta(sessionId, id, 0, text.Text);
                }

                break;
            case ModelThinkingDelta thinking:
                Open(thinking.Index, EventTypes.AgentThinking);
                break;
        }
    }

    /// <summary>The id for the event of the block at <paramref name="index"/>: the previewed one, or a new one.</summary>
    public string IdFor(int index) => _ids.TryGetValue(index, out var id) ? id : DroverIds.New(DroverIds.Event);

    private string Open(int index, string type)
    {
        if (_ids.TryGetValue(index, out var id))
        {
            return id;
        }

        id = DroverIds.New(DroverIds.Event);
        _ids[index] = id;
        previews.Start(sessionId, type, id, afterSequence);
        return id;
    }
}
