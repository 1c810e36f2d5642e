using System.Text.Json.Serialization;

namespace Drover.Server.Sessions;

/// <summary>A session's timing: seconds its threads spent running, and seconds since it was created (frozen once terminated).</summary>
internal sealed record SessionStats(
    [property: JsonPropertyName("active_seconds")] double ActiveSeconds,
    [property: JsonPropertyName("duration_seconds")] double DurationSeconds);
