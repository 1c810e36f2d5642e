using System.Text.Json.Serialization;

namespace Drover.Events;

/// <summary>A session error with no members beyond type, message and retry status, or of a type Drover does not know.</summary>
public sealed record PlainSessionError : SessionError
{
    [JsonConstructor]
    public PlainSessionError(string type)
        : base(type)
    {
    }
}
