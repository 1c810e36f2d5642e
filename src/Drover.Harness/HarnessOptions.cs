using Drover.Harness.Context;

namespace Drover.Harness;

/// <summary>The harness's settings (configuration section <c>Harness</c>).</summary>
public sealed record HarnessOptions
{
    /// <summary>Sessions this instance runs at once. A run waiting on the model or a tool holds one.</summary>
    public int Workers { get; init; } = 64;

    /// <summary>How long a claim lasts unless renewed; a dead instance's sessions are taken over after this.</summary>
    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How often idle workers look for claimable sessions they were not told about (other instances' appends, expired leases).</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Retries of a transient model failure before the turn ends with <c>retries_exhausted</c>.</summary>
    public int MaxRetries { get; init; } = 4;

    /// <summary>The first retry's delay; each next one doubles, up to <see cref="RetryMaxDelay"/>, with jitter.</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan RetryMaxDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Model requests allowed in one turn before it is stopped with <c>tool_use_limit_reached_error</c>.</summary>
    public int MaxRequestsPerTurn { get; init; } = 100;

    /// <summary>The output token limit of each model request.</summary>
    public int MaxTokens { get; init; } = 8192;

    public ContextOptions Context { get; init; } = new();

    /// <summary>The MCP connector's settings (section <c>Harness:Mcp</c>).</summary>
    public Mcp.McpOptions Mcp { get; init; } = new();
}
