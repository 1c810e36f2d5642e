using Drover.Harness.Models.OpenAI;
using Microsoft.Extensions.Options;

namespace Drover.Harness.Models;

/// <summary>Checks <see cref="ModelRoutingOptions"/> at startup; every failure names the key to fix.</summary>
public sealed class ModelRoutingOptionsValidator : IValidateOptions<ModelRoutingOptions>
{
    public ValidateOptionsResult Validate(string? name, ModelRoutingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        List<string> failures = [];
        if (options.AnthropicBaseUrl is { } anthropicBaseUrl && !IsHttpUrl(anthropicBaseUrl))
        {
            failures.Add($"{ModelRoutingOptions.AnthropicBaseUrlVariable} is '{anthropicBaseUrl}'; it must be an absolute http or https URL.");
        }

        HashSet<string> names = new(StringComparer.OrdinalIgnoreCase);
        foreach (var endpoint in options.OpenAIEndpoints)
        {
            var prefix = $"{ModelRoutingOptions.SectionName}:OpenAI:{endpoint.Name}";
            if (!names.Add(endpoint.Name))
            {
                failures.Add($"{prefix}: two endpoints are named '{endpoint.Name}' (names are case-insensitive).");
            }

            if (endpoint.Name.Contains('/', StringComparison.Ordinal))
            {
                failures.Add($"{prefix}: an endpoint name cannot contain '/', because '<name>/<model>' picks the endpoint.");
            }

            if (!IsHttpUrl(endpoint.BaseUrl))
            {
                failures.Add(endpoint.BaseUrl.Length == 0
                    ? $"{prefix}:BaseUrl is not set; set it to the API base URL, e.g. http://localhost:11434/v1."
                    : $"{prefix}:BaseUrl is '{endpoint.BaseUrl}'; it must be an absolute http or https URL, e.g. http://localhost:11434/v1.");
            }

            if (endpoint.MaxTokensParameter is not (OpenAIEndpointOptions.MaxTokens or OpenAIEndpointOptions.MaxCompletionTokens))
            {
                failures.Add($"{prefix}:MaxTokensParameter is '{endpoint.MaxTokensParameter}'; it must be '{OpenAIEndpointOptions.MaxTokens}' or '{OpenAIEndpointOptions.MaxCompletionTokens}'.");
            }

            if (endpoint.Timeout <= TimeSpan.Zero)
            {
                failures.Add($"{prefix}:Timeout must be positive.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static bool IsHttpUrl(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);
}
