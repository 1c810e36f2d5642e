namespace Drover.FakeModel;

/// <summary>How a <see cref="FakeAnthropicServer"/> behaves.</summary>
public sealed record FakeAnthropicServerOptions
{
    /// <summary>When set, requests whose key (<c>x-api-key</c> or bearer token) differs get 401 <c>authentication_error</c>; when null any non-empty key passes.</summary>
    public string? ApiKey { get; init; }

    /// <summary>Whether to keep every request in <see cref="FakeAnthropicServer.Requests"/> (turn off for long benchmarks).</summary>
    public bool RecordRequests { get; init; } = true;

    /// <summary>Whether to refuse, with the API's 400 messages, requests the real API refuses (see <c>FakeRequestValidator</c>).</summary>
    public bool Validate { get; init; } = true;

    /// <summary>Whether streams send a <c>ping</c> event after <c>message_start</c>, as the API does.</summary>
    public bool Pings { get; init; } = true;

    /// <summary>
    /// Whether delays and holds poll the client's socket (every 20 ms) to notice an interrupt while nothing is sent.
    /// Long benchmarks with many delayed replies turn it off: the polling would take the CPU they measure.
    /// </summary>
    public bool WatchDisconnects { get; init; } = true;

    /// <summary>The clock for arrival timestamps and scripted delays.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
