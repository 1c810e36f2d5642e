using System.Globalization;
using Drover.Harness.Models.OpenAI;
using Microsoft.Extensions.Configuration;

namespace Drover.Harness.Models;

/// <summary>
/// What <see cref="ModelRouter"/> routes to: the Anthropic key and base URL, and the OpenAI-compatible endpoints.
/// Bound by hand with <see cref="FromConfiguration"/> (the endpoints are a section keyed by name, the Anthropic
/// settings top-level variables), validated by <see cref="ModelRoutingOptionsValidator"/>.
/// </summary>
/// <remarks>
/// The configuration shape:
/// <code>
/// ANTHROPIC_API_KEY=sk-ant-...                  (environment; Claude models, names starting with "claude")
/// ANTHROPIC_BASE_URL=https://gateway.example    (optional)
/// {
///   "Models": {
///     "OpenAI": {
///       "ollama": { "BaseUrl": "http://localhost:11434/v1", "Models": [ "llama3*", "qwen2.5:*" ] },
///       "vllm":   { "BaseUrl": "http://gpu-box:8000/v1", "ApiKey": "token-abc", "Models": [ "Qwen/*" ], "Timeout": "00:02:00" },
///       "openai": { "BaseUrl": "https://api.openai.com/v1", "ApiKey": "sk-...", "Models": [ "gpt-*", "o3*" ], "MaxTokensParameter": "max_completion_tokens" }
///     }
///   }
/// }
/// </code>
/// From the environment, the same keys read <c>Models__OpenAI__vllm__ApiKey=token-abc</c>; there <c>Models</c> may
/// be one comma-separated string (<c>Models__OpenAI__ollama__Models=llama3*,qwen2.5:*</c>). <c>ApiKey</c>,
/// <c>Models</c>, <c>Timeout</c> (default 5 minutes) and <c>MaxTokensParameter</c> (default <c>max_tokens</c>) are
/// optional. Configuration orders keys, so endpoints are listed in the order of their names, which is the order in
/// which the router tries their model lists.
/// </remarks>
public sealed class ModelRoutingOptions
{
    /// <summary>The configuration section of the OpenAI-compatible endpoints (<c>Models:OpenAI</c>).</summary>
    public const string SectionName = "Models";

    public const string AnthropicApiKeyVariable = "ANTHROPIC_API_KEY";

    public const string AnthropicBaseUrlVariable = "ANTHROPIC_BASE_URL";

    /// <summary>The Anthropic API key (<c>ANTHROPIC_API_KEY</c>); null when unset.</summary>
    public string? AnthropicApiKey { get; set; }

    /// <summary>The Anthropic base URL (<c>ANTHROPIC_BASE_URL</c>); null for the default.</summary>
    public string? AnthropicBaseUrl { get; set; }

    /// <summary>The OpenAI-compatible endpoints, in the order the router tries their model lists.</summary>
    public IList<OpenAIEndpointOptions> OpenAIEndpoints { get; } = [];

    /// <summary>Reads the options from the configuration root (not from the <c>Models</c> section: the Anthropic variables are top-level keys).</summary>
    /// <exception cref="InvalidOperationException">A <c>Timeout</c> is not a time span.</exception>
    public static ModelRoutingOptions FromConfiguration(IConfiguration configuration)
    {
        var options = new ModelRoutingOptions();
        options.BindFrom(configuration);
        return options;
    }

    /// <summary>Fills these options from the configuration root, for <c>OptionsBuilder.Configure&lt;IConfiguration&gt;</c>.</summary>
    public void BindFrom(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        AnthropicApiKey = NullIfEmpty(configuration[AnthropicApiKeyVariable]);
        AnthropicBaseUrl = NullIfEmpty(configuration[AnthropicBaseUrlVariable]);
        foreach (var section in configuration.GetSection(SectionName).GetSection("OpenAI").GetChildren())
        {
            OpenAIEndpoints.Add(new OpenAIEndpointOptions
            {
                Name = section.Key,
                BaseUrl = section["BaseUrl"] ?? "",
                ApiKey = NullIfEmpty(section["ApiKey"]),
                Models = ReadModels(section.GetSection("Models")),
                MaxTokensParameter = NullIfEmpty(section["MaxTokensParameter"]) ?? OpenAIEndpointOptions.MaxTokens,
                Timeout = section["Timeout"] is { Length: > 0 } timeout ? ParseTimeout(section.Path, timeout) : OpenAIEndpointOptions.DefaultTimeout,
            });
        }
    }

    private static string[] ReadModels(IConfigurationSection section) =>
        section.Value is { } list
            ? list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : [.. section.GetChildren().Select(child => child.Value?.Trim()).OfType<string>().Where(name => name.Length > 0)];

    private static TimeSpan ParseTimeout(string path, string value) =>
        TimeSpan.TryParse(value, CultureInfo.InvariantCulture, out var timeout)
            ? timeout
            : throw new InvalidOperationException($"{path}:Timeout is '{value}', which is not a time span; write it as hh:mm:ss, e.g. 00:05:00.");

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
