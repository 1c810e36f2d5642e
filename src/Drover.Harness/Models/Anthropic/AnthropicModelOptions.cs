namespace Drover.Harness.Models.Anthropic;

/// <summary>
/// How Drover talks to the Anthropic Messages API. Bound from the standard environment variables with
/// <see cref="FromEnvironment"/>; a missing key is not a startup error, it surfaces as a non-transient
/// <see cref="ModelException"/> on the first request so the server still serves everything else.
/// </summary>
public sealed record AnthropicModelOptions
{
    public const string ApiKeyVariable = "ANTHROPIC_API_KEY";
    public const string BaseUrlVariable = "ANTHROPIC_BASE_URL";
    public const string DefaultBaseUrl = "https://api.anthropic.com";

    /// <summary>The API key; null when none is configured.</summary>
    public string? ApiKey { get; init; }

    /// <summary>The API root, without <c>/v1</c> (a proxy or a test fake may stand in for the real API).</summary>
    public string BaseUrl { get; init; } = DefaultBaseUrl;

    /// <summary>
    /// The longest wait for the response to begin, and then for each next stream event. Not a limit on the whole
    /// response: a long answer that keeps streaming is fine, a stalled one is cut and reported as transient.
    /// </summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>The output token limit used when a request does not set one.</summary>
    public int MaxTokens { get; init; } = 8192;

    /// <summary>
    /// Reads <c>ANTHROPIC_API_KEY</c> and <c>ANTHROPIC_BASE_URL</c> through <paramref name="getVariable"/>
    /// (pass <c>Environment.GetEnvironmentVariable</c>, or <c>key =&gt; configuration[key]</c>). Blank values count as unset.
    /// </summary>
    public static AnthropicModelOptions FromEnvironment(Func<string, string?> getVariable)
    {
        ArgumentNullException.ThrowIfNull(getVariable);
        return new AnthropicModelOptions
        {
            ApiKey = NullIfBlank(getVariable(ApiKeyVariable)),
            BaseUrl = NullIfBlank(getVariable(BaseUrlVariable)) ?? DefaultBaseUrl,
        };
    }

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
