using System.Text.Json.Serialization;

namespace Drover.Events;

/// <summary>
/// An event whose <c>type</c> Drover does not know. It keeps the type string, and every member other than
/// the envelope (<c>type</c>, <c>id</c>, <c>processed_at</c>) sits in <see cref="SessionEvent.ExtensionData"/>,
/// so it is written back with the same members. The envelope is always written, as every API event has it.
/// </summary>
public sealed record UnknownSessionEvent : SessionEvent
{
    [JsonConstructor]
    public UnknownSessionEvent(string type)
        : base(type)
    {
    }
}
