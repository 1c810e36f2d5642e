using System.ClientModel;
using System.ClientModel.Primitives;
using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using OpenAI;

namespace Drover.Harness.Models.OpenAI;

/// <summary>
/// The model port over one OpenAI-compatible chat-completions endpoint (Ollama, vLLM, LM Studio, OpenAI, ...),
/// through Microsoft.Extensions.AI's <see cref="IChatClient"/> on the official OpenAI SDK. One instance per endpoint:
/// it owns the endpoint's <see cref="HttpClient"/> and serves any model the endpoint has. Thread-safe.
/// </summary>
/// <remarks>
/// What does not cross over: thinking and redacted-thinking blocks are dropped from requests (their signatures are
/// Anthropic's and chat completions has no field for them); prompt-cache breakpoints and the thinking budget are
/// ignored (these servers cache prefixes on their own, and report cached tokens when they do); images with a base64
/// or URL source are sent as image parts, other attachments as a one-line note saying they were omitted. Tool results
/// are text: their text blocks joined, prefixed with <c>Error: </c> when the tool failed. Tool-call arguments that
/// are not a JSON object come back as the input <c>{"_raw": "&lt;the text&gt;"}</c>, so the loop can answer with an
/// error instead of failing the turn. The SDK's own retries are off: the harness retries and logs each attempt.
/// </remarks>
public sealed partial class OpenAICompatibleModelClient : IModelClient, IDisposable
{
    /// <summary>The input property that carries tool-call arguments that were not a JSON object.</summary>
    public const string RawArgumentsProperty = "_raw";

    private static readonly TimeSpan s_connectTimeout = TimeSpan.FromSeconds(15);

    private readonly OpenAIEndpointOptions _endpoint;
    private readonly HttpClient _http;
    private readonly OpenAIClient _openAI;
    private readonly ConcurrentDictionary<string, IChatClient> _chatClients = new(StringComparer.Ordinal);
    private readonly ILogger _logger;

    public OpenAICompatibleModelClient(OpenAIEndpointOptions endpoint, ILogger<OpenAICompatibleModelClient>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        _endpoint = endpoint;
        _logger = logger ?? NullLogger<OpenAICompatibleModelClient>.Instance;

        // The pipeline's NetworkTimeout bounds the wait for headers and each read of the stream; HttpClient's own
        // timeout would cut a long, healthy stream off, so it is off. A response abandoned midway (an interrupt) is
        // not drained for reuse, so the connection closes and the endpoint stops generating at once.
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = s_connectTimeout,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            MaxResponseDrainSize = 0,
        };
        _http = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        var options = new OpenAIClientOptions
        {
            Endpoint = new Uri(endpoint.BaseUrl),
            Transport = new HttpClientPipelineTransport(_http),
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            NetworkTimeout = endpoint.Timeout,
        };
        if (endpoint.ApiKey is null)
        {
            options.AddPolicy(new RemoveAuthorizationPolicy(), PipelinePosition.BeforeTransport);
        }

        _openAI = new OpenAIClient(new ApiKeyCredential(endpoint.ApiKey ?? "none"), options);
    }

    /// <summary>The endpoint this client talks to.</summary>
    public OpenAIEndpointOptions Endpoint => _endpoint;

    public async IAsyncEnumerable<ModelStreamItem> StreamAsync(ModelRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var chatClient = _chatClients.GetOrAdd(request.Model, static (model, openAI) => openAI.GetChatClient(model).AsIChatClient(), _openAI);
        var messages = OpenAIRequestMapper.ToChatMessages(request);
        var options = OpenAIRequestMapper.ToChatOptions(request, _endpoint.MaxTokensParameter);
        var response = new OpenAIStreamAccumulator();
        LogRequest(_endpoint.Name, request.Model, messages.Count, request.Tools.Count);

        IAsyncEnumerator<ChatResponseUpdate> updates;
        try
        {
            updates = chatClient.GetStreamingResponseAsync(messages, options, cancellationToken).GetAsyncEnumerator(cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The SDK maps options eagerly and refuses some tool schemas (e.g. a "type" that is an array).
            LogRequestFailed(exception, _endpoint.Name, request.Model, transient: false);
            throw new ModelException(
                "model_request_failed_error",
                $"The request for model '{request.Model}' to the model endpoint '{_endpoint.Name}' could not be built: {exception.Message}",
                transient: false,
                exception);
        }

        await using (updates)
        {
            while (true)
            {
                ChatResponseUpdate update;
                try
                {
                    if (!await updates.MoveNextAsync())
                    {
                        break;
                    }

                    update = updates.Current;
                }
                catch (Exception exception) when (OpenAIErrorMapper.Map(exception, _endpoint, request.Model, cancellationToken) is { } error)
                {
                    LogRequestFailed(exception, _endpoint.Name, request.Model, error.Transient);
                    throw error;
                }

                if (response.Add(update) is { Length: > 0 } text)
                {
                    yield return new ModelTextDelta(0, text);
                }
            }
        }

        foreach (var item in response.Complete())
        {
            yield return item;
        }
    }

    public void Dispose() => _http.Dispose();

    [LoggerMessage(Level = LogLevel.Debug, Message = "Streaming model {Model} from endpoint {Endpoint} with {MessageCount} messages and {ToolCount} tools")]
    private partial void LogRequest(string endpoint, string model, int messageCount, int toolCount);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Request for model {Model} to endpoint {Endpoint} failed (transient: {Transient})")]
    private partial void LogRequestFailed(Exception exception, string endpoint, string model, bool transient);
}
