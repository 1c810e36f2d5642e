using Anthropic;
using Anthropic.Exceptions;
using Drover.Hands;
using Drover.Sandbox;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Drover.Worker;

/// <summary>
/// Drover's own worker for self-hosted environments: long-polls the environment's work queue and serves each claimed
/// session (<see cref="WorkItemRun"/>) one at a time, running the built-in tools with the hands of
/// <c>Drover.Sandbox</c> (bubblewrap; workspaces under <see cref="WorkerOptions.Workdir"/>). It uses only the HTTP API.
/// </summary>
public sealed partial class DroverWorker : IAsyncDisposable
{
    private readonly WorkerOptions _options;
    private readonly ServiceProvider _services;
    private readonly AnthropicClient _client;
    private readonly WorkerApi _api;
    private readonly ILogger<DroverWorker> _logger;
    private readonly TimeProvider _time;

    private DroverWorker(WorkerOptions options, ServiceProvider services, TimeProvider time)
    {
        (_options, _services, _time) = (options, services, time);
        _client = WorkerApi.CreateClient(options);
        _api = new WorkerApi(_client, options);
        _logger = services.GetRequiredService<ILogger<DroverWorker>>();
    }

    /// <summary>
    /// Makes the worker and its hands. Throws <see cref="InvalidOperationException"/>, saying what to do, when bubblewrap
    /// is missing and <see cref="WorkerOptions.AllowUnsandboxed"/> is false.
    /// </summary>
    public static DroverWorker Create(WorkerOptions options, ILoggerFactory loggerFactory, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        Directory.CreateDirectory(options.Workdir);
        var bubblewrap = SandboxFor(options, SandboxProviderNames.Bubblewrap, loggerFactory);
        var problem = Check(bubblewrap);
        if (problem is null)
        {
            return new DroverWorker(options, bubblewrap, time ?? TimeProvider.System);
        }

        bubblewrap.Dispose();
        if (!options.AllowUnsandboxed)
        {
            throw new InvalidOperationException($"{problem} (or pass --allow-unsandboxed to run tools directly on this host).");
        }

        var unsandboxed = SandboxFor(options, SandboxProviderNames.Unsandboxed, loggerFactory);
        var worker = new DroverWorker(options, unsandboxed, time ?? TimeProvider.System);
        LogUnsandboxed(worker._logger, problem, options.Workdir);
        return worker;
    }

    /// <summary>Polls and serves work until <paramref name="shutdown"/> is cancelled; the item being served then gets <see cref="WorkerOptions.ShutdownGrace"/>.</summary>
    public async Task RunAsync(CancellationToken shutdown)
    {
        var hands = _services.GetRequiredService<IHands>();
        var run = new WorkItemRun(_api, hands, _options, _services.GetRequiredService<ILogger<WorkItemRun>>(), _time);
        LogPolling(_logger, _options.EnvironmentId, _options.BaseUrl, _options.WorkerId);
        var failures = 0;
        while (!shutdown.IsCancellationRequested)
        {
            try
            {
                var work = await _api.PollAsync(shutdown);
                failures = 0;
                if (work is null)
                {
                    continue;
                }

                if (!(work.Data.Type.ValueKind == System.Text.Json.JsonValueKind.String && work.Data.Type.ValueEquals("session")))
                {
                    LogSkipped(_logger, work.ID, work.Data.Type.ToString());
                    continue;
                }

                await run.RunAsync(work.ID, work.Data.ID, shutdown);
            }
            catch (OperationCanceledException) when (shutdown.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e) when (e is AnthropicException or HttpRequestException or OperationCanceledException)
            {
                // The server is unreachable or refused the poll: back off (1 s doubling to 30 s) and try again.
                failures++;
                var delay = TimeSpan.FromSeconds(Math.Min(30, Math.Pow(2, Math.Min(failures - 1, 5))));
                LogPollFailed(_logger, e.Message, delay.TotalSeconds);
                try
                {
                    await Task.Delay(delay, _time, shutdown);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }

        LogShutDown(_logger);
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _services.DisposeAsync();
    }

    private static ServiceProvider SandboxFor(WorkerOptions options, string provider, ILoggerFactory loggerFactory)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Sandbox:Provider"] = provider,
            ["Sandbox:AllowUnsandboxed"] = (provider == SandboxProviderNames.Unsandboxed).ToString(),
            ["Sandbox:DataDirectory"] = Path.GetFullPath(options.Workdir),
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton(loggerFactory);
        services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        services.AddDroverSandbox(configuration);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
    }

    private static string? Check(ServiceProvider services)
    {
        try
        {
            services.RequireSandboxProvider();
            return null;
        }
        catch (InvalidOperationException e)
        {
            return e.Message;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Polling environment {EnvironmentId} at {BaseUrl} as {WorkerId}")]
    private static partial void LogPolling(ILogger logger, string environmentId, Uri baseUrl, string workerId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "UNSANDBOXED: {Problem}. Tools run directly on this host as this user, confined only by the file tools' checks to {Workdir}; bash can reach anything this user can.")]
    private static partial void LogUnsandboxed(ILogger logger, string problem, string workdir);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Work {WorkId} is of type {Type}, which this worker does not serve")]
    private static partial void LogSkipped(ILogger logger, string workId, string type);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Poll failed ({Reason}); retrying in {Seconds} s")]
    private static partial void LogPollFailed(ILogger logger, string reason, double seconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Worker shut down")]
    private static partial void LogShutDown(ILogger logger);
}
