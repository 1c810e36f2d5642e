using System.Text.Json;
using Drover.Events;
using Drover.Hands;
using Drover.Harness.Agents;
using Drover.Harness.Models;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using McpContentBlock = ModelContextProtocol.Protocol.ContentBlock;

namespace Drover.Harness.Mcp;

/// <summary>
/// One harness run's connections to its session's MCP servers. Each server is connected the first time its tools are
/// needed; a server that cannot be reached or refuses the credentials is reported once (as a <c>session.error</c> the
/// run appends) and left out of the tool list for the rest of the run; the next run tries again.
/// </summary>
internal sealed class McpConnections(McpConnector connector, HarnessSession session, SecretRedactor redactor) : IAsyncDisposable
{
    private readonly Dictionary<string, ServerState> _servers = new(StringComparer.Ordinal);

    /// <summary>An MCP tool as offered to the model.</summary>
    public sealed record Tool(string Server, string Name, string ModelName, string Policy, ModelTool Definition);

    /// <summary>A server that failed: <see cref="SessionErrorTypes.McpConnectionFailed"/> or <see cref="SessionErrorTypes.McpAuthenticationFailed"/>.</summary>
    public sealed record Failure(string Server, string ErrorType, string Message);

    /// <summary>Whether the agent has MCP servers in use at all.</summary>
    public bool Any => Servers().Any();

    /// <summary>
    /// The enabled tools of every server that answers, and the failures not reported yet (the caller appends them as
    /// <c>session.error</c> events).
    /// </summary>
    public async Task<(IReadOnlyList<Tool> Tools, IReadOnlyList<Failure> NewFailures)> ListAsync(CancellationToken cancellationToken)
    {
        var tools = new List<Tool>();
        var failures = new List<Failure>();
        foreach (var (server, toolset) in Servers())
        {
            var state = await ConnectAsync(server, toolset, cancellationToken);
            if (state.Failure is { } failure)
            {
                if (!state.Reported)
                {
                    state.Reported = true;
                    failures.Add(failure);
                }

                continue;
            }

            tools.AddRange(state.Tools!);
        }

        return (tools, failures);
    }

    /// <summary>The offered tool the model called by <paramref name="modelName"/>, if any (after <see cref="ListAsync"/>).</summary>
    public Tool? Find(string modelName) =>
        _servers.Values.SelectMany(s => s.Tools ?? []).FirstOrDefault(t => t.ModelName == modelName);

    /// <summary>Calls a tool. Every failure (server gone, timeout, refusal) is an error result, never an exception, except cancellation.</summary>
    public async Task<ToolOutput> CallAsync(string server, string tool, JsonElement input, CancellationToken cancellationToken)
    {
        if (Servers().FirstOrDefault(s => s.Server.Name == server) is not { Server: not null } entry)
        {
            return ToolOutput.Text($"The agent has no MCP server named '{server}'.", isError: true);
        }

        var state = await ConnectAsync(entry.Server, entry.Toolset, cancellationToken);
        if (state.Client is null)
        {
            return ToolOutput.Text($"The MCP server '{server}' is not available: {state.Failure?.Message}", isError: true);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(connector.Options.CallTimeout);
        try
        {
            var arguments = input.ValueKind == JsonValueKind.Object
                ? input.EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value.Clone(), StringComparer.Ordinal)
                : [];
            var result = await state.Client.CallToolAsync(tool, arguments, cancellationToken: timeout.Token);
            return new ToolOutput(Content(result), result.IsError == true);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return ToolOutput.Text($"The MCP tool {tool} of server '{server}' did not answer within {connector.Options.CallTimeout.TotalSeconds:0} s.", isError: true);
        }
        catch (Exception ex) when (ex is McpException or HttpRequestException or IOException or JsonException)
        {
            return ToolOutput.Text($"The MCP tool {tool} of server '{server}' failed: {ex.Message}", isError: true);
        }
    }

    private IEnumerable<(McpServerDefinition Server, McpToolsetConfig Toolset)> Servers() =>
        session.Agent.McpServers
            .Where(s => session.Agent.Tools.Mcp.ContainsKey(s.Name))
            .Select(s => (s, session.Agent.Tools.Mcp[s.Name]));

    private async Task<ServerState> ConnectAsync(McpServerDefinition server, McpToolsetConfig toolset, CancellationToken cancellationToken)
    {
        if (_servers.TryGetValue(server.Name, out var known))
        {
            return known;
        }

        var state = new ServerState();
        _servers[server.Name] = state;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(connector.Options.ConnectTimeout);
        McpAuthHandler? auth = null;
        try
        {
            IClientTransport transport;
            if (connector.Options.StdioServers.FirstOrDefault(s => McpUrl.Matches(s.Url, server.Url)) is { } stdio)
            {
                transport = new StdioClientTransport(new StdioClientTransportOptions
                {
                    Name = server.Name,
                    Command = stdio.Command,
                    Arguments = [.. stdio.Arguments],
                    EnvironmentVariables = stdio.Environment.ToDictionary(p => p.Key, p => (string?)p.Value),
                }, connector.LoggerFactory);
            }
            else
            {
                auth = new McpAuthHandler(connector.Credentials, session.VaultIds, server.Url, redactor) { InnerHandler = new SocketsHttpHandler() };
                var http = new HttpClient(auth) { Timeout = Timeout.InfiniteTimeSpan };
                transport = new HttpClientTransport(
                    new HttpClientTransportOptions { Endpoint = new Uri(server.Url), Name = server.Name, TransportMode = HttpTransportMode.AutoDetect },
                    http,
                    connector.LoggerFactory,
                    ownsHttpClient: true);
            }

            state.Client = await McpClient.CreateAsync(transport, new McpClientOptions { ClientInfo = new Implementation { Name = "drover", Version = "1.0" } }, connector.LoggerFactory, timeout.Token);
            var listed = await state.Client.ListToolsAsync(cancellationToken: timeout.Token);
            state.Tools = [.. listed
                .Select(t => (Tool: t, Config: toolset.For(t.Name)))
                .Where(t => t.Config.Enabled)
                .Select(t => new Tool(
                    server.Name,
                    t.Tool.Name,
                    McpToolNames.ModelName(server.Name, t.Tool.Name),
                    t.Config.Policy,
                    new ModelTool(McpToolNames.ModelName(server.Name, t.Tool.Name), t.Tool.Description ?? string.Empty, t.Tool.JsonSchema.Clone())))];
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            if (state.Client is not null)
            {
                await state.Client.DisposeAsync();
                state.Client = null;
            }

            state.Failure = auth?.Unauthorized == true
                ? new Failure(server.Name, SessionErrorTypes.McpAuthenticationFailed, $"The MCP server '{server.Name}' ({server.Url}) refused the credentials{(auth.HadCredential == true ? " from the session's vaults" : "; no credential in the session's vaults matches its URL")}.")
                : new Failure(server.Name, SessionErrorTypes.McpConnectionFailed, ex is OperationCanceledException
                    ? $"Could not connect to the MCP server '{server.Name}' ({server.Url}) within {connector.Options.ConnectTimeout.TotalSeconds:0} s."
                    : $"Could not connect to the MCP server '{server.Name}' ({server.Url}): {ex.Message}");
        }

        return state;
    }

    private static List<Drover.Events.ContentBlock> Content(CallToolResult result)
    {
        var blocks = new List<Drover.Events.ContentBlock>();
        foreach (var block in result.Content)
        {
            blocks.Add(Map(block));
        }

        if (blocks.Count == 0 && result.StructuredContent is { } structured)
        {
            blocks.Add(new TextBlock(structured.GetRawText()));
        }

        return blocks;
    }

    private static Drover.Events.ContentBlock Map(McpContentBlock block) => block switch
    {
        TextContentBlock text => new TextBlock(text.Text),
        ImageContentBlock image => new ImageBlock { Source = new ContentSource { Type = ContentSource.Base64Type, Data = System.Text.Encoding.ASCII.GetString(image.Data.Span), MediaType = image.MimeType } },
        EmbeddedResourceBlock { Resource: TextResourceContents text } => new TextBlock(text.Text),
        EmbeddedResourceBlock embedded => new TextBlock($"[resource {embedded.Resource.Uri} ({embedded.Resource.MimeType})]"),
        ResourceLinkBlock link => new TextBlock($"[resource link {link.Uri}{(link.Name is { Length: > 0 } name ? $" ({name})" : string.Empty)}]"),
        _ => new TextBlock($"[{block.Type} content]"),
    };

    public async ValueTask DisposeAsync()
    {
        foreach (var state in _servers.Values)
        {
            if (state.Client is not null)
            {
                await state.Client.DisposeAsync();
            }
        }

        _servers.Clear();
    }

    private sealed class ServerState
    {
        public McpClient? Client { get; set; }

        public List<Tool>? Tools { get; set; }

        public Failure? Failure { get; set; }

        public bool Reported { get; set; }
    }
}
