using System.Text.Json;
using Drover.Events;
using Drover.Hands;
using Drover.Sandbox.Tools;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Drover.Sandbox.Tests;

/// <summary>Real hands (real bubblewrap, real processes) over a throwaway data directory, one session per instance.</summary>
internal sealed class TestHands : IAsyncDisposable
{
    public static readonly JsonElement NoNetwork = Json("""{"type":"cloud"}""");

    private readonly ServiceProvider _services;

    private TestHands(ServiceProvider services, string dataDirectory)
    {
        _services = services;
        DataDirectory = dataDirectory;
        Hands = services.GetRequiredService<SandboxHands>();
    }

    public SandboxHands Hands { get; }

    public string DataDirectory { get; }

    public string SessionId { get; set; } = "sesn_" + Guid.NewGuid().ToString("N");

    public JsonElement Environment { get; set; } = NoNetwork;

    /// <summary>The session's repository resources, put in every call's recipe.</summary>
    public IReadOnlyList<RepositoryResource>? Repositories { get; set; }

    /// <summary>The session's file resources, put in every call's recipe.</summary>
    public IReadOnlyList<FileMount>? Files { get; set; }

    public SandboxRecipe Recipe => new("env_test", Environment, Repositories, Files);

    public ISessionOutputs Outputs => _services.GetRequiredService<ISessionOutputs>();

    /// <summary>The session's workspace on the host, created (and owned by the sandbox user) if missing.</summary>
    public string WorkspaceHost
    {
        get
        {
            var workspace = _services.GetRequiredService<Workspaces.WorkspaceStore>().For(SessionId);
            workspace.EnsureExists();
            return workspace.HostPath;
        }
    }

    public static TestHands Create(
        Action<SandboxOptions>? configure = null,
        TimeProvider? time = null,
        IWebSearchProvider? webSearch = null,
        ILoggerProvider? logs = null,
        Dictionary<string, string?>? settings = null,
        string? dataDirectory = null)
    {
        var data = dataDirectory ?? Directory.CreateTempSubdirectory("drover-sandbox-").FullName;
        // The sandbox user (not root) must be able to reach the workspaces, as under a data directory made with umask 022.
        File.SetUnixFileMode(data, (UnixFileMode)Convert.ToInt32("755", 8));
        var services = new ServiceCollection();
        services.AddSingleton<ILoggerFactory>(logs is null ? NullLoggerFactory.Instance : new LoggerFactory([logs]));
        services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        if (time is not null)
        {
            services.AddSingleton(time);
        }

        if (webSearch is not null)
        {
            services.AddSingleton(webSearch);
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings ?? []).Build();
        services.AddDroverSandbox(configuration, o =>
        {
            o.DataDirectory = data;
            configure?.Invoke(o);
        });
        return new TestHands(services.BuildServiceProvider(), data);
    }

    public static JsonElement Json(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    public Task<ToolOutput> RunAsync(string tool, string inputJson) =>
        Hands.ExecuteAsync(Call(tool, inputJson), TestContext.Current.CancellationToken);

    public Task<ToolOutput> BashCallAsync(string command) => RunAsync("bash", JsonSerializer.Serialize(new { command }));

    public async Task<string> BashAsync(string command)
    {
        var output = await BashCallAsync(command);
        Assert.False(output.IsError, Text(output));
        return Text(output);
    }

    public ToolCall Call(string tool, string inputJson) =>
        new(SessionId, "sevt_" + Guid.NewGuid().ToString("N"), tool, Json(inputJson), Recipe);

    public static string Text(ToolOutput output) => string.Concat(output.Content.OfType<TextBlock>().Select(t => t.Text));

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
