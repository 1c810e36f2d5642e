namespace Drover.Worker;

/// <summary>How a <c>drover worker</c> connects, where it runs tools, and its timings.</summary>
public sealed record WorkerOptions
{
    /// <summary>The Drover server, e.g. <c>http://127.0.0.1:8080</c>.</summary>
    public required Uri BaseUrl { get; init; }

    /// <summary>The self-hosted environment whose work queue this worker polls.</summary>
    public required string EnvironmentId { get; init; }

    /// <summary>The environment key (<c>sk-drover-env-...</c>); sent as <c>Authorization: Bearer</c>.</summary>
    public required string EnvironmentKey { get; init; }

    /// <summary>Where every session's workspace lives (<c>&lt;workdir&gt;/workspaces/&lt;session id&gt;</c>, <c>/workspace</c> in the sandbox).</summary>
    public required string Workdir { get; init; }

    /// <summary>Run tools without bubblewrap, as this process's user on this host. Logged loudly at start.</summary>
    public bool AllowUnsandboxed { get; init; }

    /// <summary>What the sandbox may reach: <c>none</c> (default) or <c>unrestricted</c> (public hosts, through the egress proxy).</summary>
    public string Network { get; init; } = "none";

    /// <summary>Sent as <c>Anthropic-Worker-ID</c> on polls (the queue's <c>workers_polling</c> statistic).</summary>
    public string WorkerId { get; init; } = $"drover-worker-{Environment.MachineName}-{Environment.ProcessId}";

    /// <summary>Once the session's turn has ended, the item is stopped after this long without a new event.</summary>
    public TimeSpan MaxIdle { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>On shutdown, a running call that ends within this time is finished and answered; past it, it is abandoned with an error result.</summary>
    public TimeSpan ShutdownGrace { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The lease ttl to ask for at each heartbeat; null takes the server's default.</summary>
    public int? LeaseTtlSeconds { get; init; }

    /// <summary>How long one poll waits on the server for work (1 to 999 ms).</summary>
    public int PollBlockMs { get; init; } = 999;
}
