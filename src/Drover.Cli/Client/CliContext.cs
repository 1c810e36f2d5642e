using System.CommandLine;
using Anthropic;
using Drover.Cli.Output;

namespace Drover.Cli.Client;

/// <summary>What a client command works with: its parse result, output, and clients for the resolved server.</summary>
internal sealed class CliContext(ParseResult parse, CliOutput output, ConnectionSettings connection) : IDisposable
{
    private HttpClient? _http;

    public ParseResult Parse { get; } = parse;

    public CliOutput Output { get; } = output;

    public ConnectionSettings Connection { get; } = connection;

    /// <summary>
    /// The official SDK pointed at the server. It retries connection failures and 5xx twice (Drover marks its 4xx
    /// <c>x-should-retry: false</c>, so a refusal is reported at once).
    /// </summary>
    public AnthropicClient Sdk => field ??= new AnthropicClient
    {
        BaseUrl = Connection.BaseUrl.ToString().TrimEnd('/'),
        ApiKey = Connection.ApiKey,
        MaxRetries = 2,
    };

    /// <summary>A plain client for what the SDK does not expose (the event stream's <c>id:</c> and <c>Last-Event-ID</c>).</summary>
    public HttpClient Http => _http ??= DroverHttp.Create(Connection);

    public void Dispose() => _http?.Dispose();
}
