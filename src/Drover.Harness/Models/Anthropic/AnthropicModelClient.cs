using System.Net;
using System.Runtime.CompilerServices;
using Anthropic;
using Anthropic.Models.Messages;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Drover.Harness.Models.Anthropic;

/// <summary>
/// Claude through the Anthropic Messages API, streamed with the official SDK. The SDK's own retries are off: the
/// harness retries transient <see cref="ModelException"/>s itself and records each attempt in the session log.
/// </summary>
/// <remarks>
/// Thread-safe; make one per configuration and share it (it owns a connection pool). Construction never fails for
/// configuration reasons: a missing key or a bad base URL is reported by <see cref="StreamAsync"/> as a
/// non-transient <see cref="ModelException"/> that says what to set.
/// </remarks>
public sealed partial class AnthropicModelClient : IModelClient, IDisposable
{
    private readonly AnthropicModelOptions _options;
    private readonly ILogger _logger;
    private readonly AnthropicClient? _client;
    private readonly ModelException? _configurationError;

    public AnthropicModelClient(AnthropicModelOptions options, ILogger<AnthropicModelClient>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _logger = logger ?? NullLogger<AnthropicModelClient>.Instance;
        if (string.IsNullOrWhiteSpace(options.ApiKey))
        {
            _configurationError = AnthropicErrors.MissingApiKey();
        }
        else if (!Uri.TryCreate(options.BaseUrl, UriKind.Absolute, out var baseUri) || baseUri.Scheme is not ("http" or "https"))
        {
            _configurationError = AnthropicErrors.InvalidBaseUrl(options.BaseUrl);
        }
        else
        {
            _client = new AnthropicClient
            {
                ApiKey = options.ApiKey,
                BaseUrl = options.BaseUrl.TrimEnd('/'),
                MaxRetries = 0,
                Timeout = options.Timeout,
                HttpClient = CreateHttpClient(options.Timeout),
            };
        }
    }

    public async IAsyncEnumerable<ModelStreamItem> StreamAsync(ModelRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (_configurationError is not null)
        {
            throw _configurationError;
        }

        var parameters = AnthropicRequestMapper.Map(request, _options.MaxTokens);
        var assembler = new AnthropicStreamAssembler();
        // One timer for "no answer yet" and "no event for a while": restarted on every event.
        using var stall = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        stall.CancelAfter(_options.Timeout);
        var retryAfter = RetryAfterCapture.Begin();
        LogRequest(request.Model, request.Messages.Count, request.Tools.Count);

        var events = _client!.Messages.CreateStreaming(parameters, stall.Token).GetAsyncEnumerator(stall.Token);
        try
        {
            while (true)
            {
                RawMessageStreamEvent streamEvent;
                try
                {
                    if (!await events.MoveNextAsync())
                    {
                        break;
                    }

                    streamEvent = events.Current;
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    throw;
                }
                catch (Exception ex) when (ex is OperationCanceledException || IsTimeout(ex))
                {
                    LogFailed(ex, request.Model, "timeout");
                    throw AnthropicErrors.TimedOut(_options.BaseUrl, _options.Timeout, assembler.Started);
                }
                catch (Exception ex) when (ex is not ModelException)
                {
                    var error = AnthropicErrors.Map(ex, _options.BaseUrl, retryAfter.Value, assembler.Started);
                    LogFailed(ex, request.Model, error.ErrorType);
                    throw error;
                }

                stall.CancelAfter(_options.Timeout);
                foreach (var item in assembler.Add(streamEvent))
                {
                    yield return item;
                }
            }
        }
        finally
        {
            // Disposing the SDK stream disposes the HTTP response, which aborts the request when it is unfinished.
            await events.DisposeAsync();
        }

        yield return assembler.Complete();
    }

    public void Dispose() => _client?.Dispose();

    private static bool IsTimeout(Exception exception) => exception is TimeoutException || exception.InnerException is TimeoutException;

    private static HttpClient CreateHttpClient(TimeSpan timeout) =>
        new(new RetryAfterCapture(new SocketsHttpHandler
        {
            AutomaticDecompression = DecompressionMethods.All,
            ConnectTimeout = timeout < TimeSpan.FromSeconds(30) ? timeout : TimeSpan.FromSeconds(30),
            // Re-resolve DNS now and then; the API's addresses change.
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        }))
        {
            // Our own stall timer bounds each request; HttpClient's 100 s default would cut long streams.
            Timeout = System.Threading.Timeout.InfiniteTimeSpan,
        };

    [LoggerMessage(Level = LogLevel.Debug, Message = "Anthropic request for {Model} with {MessageCount} messages and {ToolCount} tools")]
    private partial void LogRequest(string model, int messageCount, int toolCount);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Anthropic request for {Model} failed ({ErrorType})")]
    private partial void LogFailed(Exception exception, string model, string errorType);
}
