using System.ComponentModel.DataAnnotations;

namespace Drover.Server.Events;

/// <summary>Settings of <c>GET /v1/sessions/{id}/events/stream</c> (configuration section <c>EventStream</c>).</summary>
public sealed class EventStreamOptions
{
    public const string Section = "EventStream";

    /// <summary>How long a stream may stay silent before a <c>ping</c> frame is sent. Default 15 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(15);
}
