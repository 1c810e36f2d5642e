using System.Collections.Concurrent;
using Drover.Harness.Models.OpenAI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Drover.Harness.Models;

/// <summary>
/// Chooses the client for an agent's model name, in this order:
/// <list type="number">
/// <item><c>&lt;endpoint&gt;/&lt;model&gt;</c>, where <c>&lt;endpoint&gt;</c> names a configured OpenAI-compatible
/// endpoint (case-insensitive): that endpoint, sent <c>&lt;model&gt;</c> without the prefix.</item>
/// <item>A name starting with <c>claude</c>: the Anthropic client, built once by the factory given to the constructor.</item>
/// <item>The first endpoint, in the order of <see cref="ModelRoutingOptions.OpenAIEndpoints"/>, whose model list holds the
/// exact name; then the first whose list holds a matching glob pattern.</item>
/// </list>
/// Anything else is a non-transient <see cref="ModelException"/> naming the model and the keys to set. Clients are
/// created on first use and kept: one per endpoint (each with its own <see cref="HttpClient"/>), one for Anthropic. Thread-safe.
/// </summary>
public sealed partial class ModelRouter : IModelRouter, IDisposable
{
    private readonly ModelRoutingOptions _options;
    private readonly OpenAIEndpointOptions[] _endpointOrder;
    private readonly Dictionary<string, Lazy<OpenAICompatibleModelClient>> _endpoints = new(StringComparer.OrdinalIgnoreCase);
    private readonly Lazy<IModelClient> _anthropic;
    private readonly ConcurrentDictionary<string, IModelClient> _resolved = new(StringComparer.Ordinal);
    private readonly ILogger _logger;

    /// <param name="options">Validated on the spot with <see cref="ModelRoutingOptionsValidator"/>.</param>
    /// <param name="anthropicClientFactory">Builds the client for Claude models from the Anthropic key and base URL; called at most once.</param>
    /// <param name="loggerFactory">For the router's and the endpoint clients' logs.</param>
    /// <exception cref="OptionsValidationException">The options are invalid; the failures say what to fix.</exception>
    public ModelRouter(ModelRoutingOptions options, Func<AnthropicEndpoint, IModelClient> anthropicClientFactory, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(anthropicClientFactory);
        var validation = new ModelRoutingOptionsValidator().Validate(Options.DefaultName, options);
        if (validation.Failed)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(ModelRoutingOptions), validation.Failures);
        }

        loggerFactory ??= NullLoggerFactory.Instance;
        _options = options;
        _endpointOrder = [.. options.OpenAIEndpoints];
        _logger = loggerFactory.CreateLogger<ModelRouter>();
        foreach (var endpoint in _endpointOrder)
        {
            _endpoints[endpoint.Name] = new Lazy<OpenAICompatibleModelClient>(
                () => new OpenAICompatibleModelClient(endpoint, loggerFactory.CreateLogger<OpenAICompatibleModelClient>()));
        }

        var anthropic = new AnthropicEndpoint(options.AnthropicApiKey, options.AnthropicBaseUrl is { } baseUrl ? new Uri(baseUrl) : null);
        _anthropic = new Lazy<IModelClient>(() => anthropicClientFactory(anthropic));
    }

    public IModelClient Resolve(string model)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(model);
        return _resolved.TryGetValue(model, out var client) ? client : _resolved.GetOrAdd(model, Route(model));
    }

    public void Dispose()
    {
        foreach (var endpoint in _endpoints.Values.Where(endpoint => endpoint.IsValueCreated))
        {
            endpoint.Value.Dispose();
        }

        if (_anthropic.IsValueCreated && _anthropic.Value is IDisposable anthropic)
        {
            anthropic.Dispose();
        }
    }

    private IModelClient Route(string model)
    {
        var slash = model.IndexOf('/', StringComparison.Ordinal);
        if (slash > 0 && _endpoints.TryGetValue(model[..slash], out var named))
        {
            var target = model[(slash + 1)..];
            if (target.Length == 0)
            {
                throw new ModelException("model_request_failed_error", $"Model '{model}' names the endpoint '{model[..slash]}' but no model after the '/'.", transient: false);
            }

            LogRouted(model, named.Value.Endpoint.Name, target);
            return new RenamedModelClient(named.Value, target);
        }

        if (model.StartsWith("claude", StringComparison.OrdinalIgnoreCase))
        {
            if (_options.AnthropicApiKey is null && _options.AnthropicBaseUrl is null)
            {
                throw new ModelException(
                    "model_request_failed_error",
                    $"Model '{model}' is a Claude model, served by the Anthropic API, and no API key is configured: set the "
                    + $"{ModelRoutingOptions.AnthropicApiKeyVariable} environment variable ({ModelRoutingOptions.AnthropicBaseUrlVariable} optionally points at a gateway).",
                    transient: false);
            }

            LogRouted(model, "anthropic", model);
            return _anthropic.Value;
        }

        var endpoint = _endpointOrder.FirstOrDefault(e => e.Models.Any(m => !ModelNamePattern.IsPattern(m) && string.Equals(m, model, StringComparison.OrdinalIgnoreCase)))
            ?? _endpointOrder.FirstOrDefault(e => e.Models.Any(m => ModelNamePattern.IsPattern(m) && ModelNamePattern.Matches(m, model)));
        if (endpoint is not null)
        {
            LogRouted(model, endpoint.Name, model);
            return _endpoints[endpoint.Name].Value;
        }

        throw new ModelException("model_request_failed_error", NothingServes(model), transient: false);
    }

    private string NothingServes(string model)
    {
        var configured = _endpointOrder.Length == 0
            ? "No OpenAI-compatible endpoint is configured."
            : $"Configured endpoints: {string.Join(", ", _endpointOrder.Select(e => $"{e.Name} ({(e.Models.Count == 0 ? "no models listed" : string.Join(", ", e.Models))})"))}.";
        return $"No model provider serves '{model}'. Claude models (names starting with 'claude') go to the Anthropic API; for other models, "
            + $"set {ModelRoutingOptions.SectionName}:OpenAI:<endpoint>:BaseUrl and list the model, or a pattern such as 'llama3*', in "
            + $"{ModelRoutingOptions.SectionName}:OpenAI:<endpoint>:Models, or name the endpoint in the model ('<endpoint>/{model}'). {configured}";
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Model {Model} routed to {Provider} as {TargetModel}")]
    private partial void LogRouted(string model, string provider, string targetModel);
}
