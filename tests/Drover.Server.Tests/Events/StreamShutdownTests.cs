using System.Collections.Concurrent;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Drover.Server.Tests.Events;

/// <summary>
/// Stream lifecycle on a server with default settings: headers go out as soon as a stream opens (not with the first
/// frame), and a server shutting down ends open streams cleanly: the clients see the end, the log sees no error.
/// </summary>
public sealed class StreamShutdownTests : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("drover-shutdown-");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Streams_open_at_once_and_end_without_errors_when_the_server_stops()
    {
        var errors = new ConcurrentQueue<string>();
        await using var app = DroverServer.Build(
            ["--urls=http://127.0.0.1:0", $"--Storage:DataDirectory={_root.FullName}", $"--DROVER_ADMIN_API_KEY={DroverServerFixture.AdminApiKey}"],
            builder => builder.Logging.AddProvider(new ErrorCollector(errors)));
        await app.StartAsync(Ct);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var sessionId = await TestSessions.CreateAsync(app.Services, Ct);
        using var http = new HttpClient { BaseAddress = new Uri(address) };
        http.DefaultRequestHeaders.Add("x-api-key", DroverServerFixture.AdminApiKey);
        var streams = new List<HttpResponseMessage>();
        for (var i = 0; i < 3; i++)
        {
            // The server runs with the default 15 s heartbeat: the headers must not wait for the first frame.
            using var headersDue = CancellationTokenSource.CreateLinkedTokenSource(Ct);
            headersDue.CancelAfter(TimeSpan.FromSeconds(5));
            streams.Add(await http.GetAsync(new Uri($"/v1/sessions/{sessionId}/events/stream", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead, headersDue.Token));
        }

        await app.StopAsync(Ct);

        foreach (var stream in streams)
        {
            using (stream)
            {
                await using var body = await stream.Content.ReadAsStreamAsync(Ct);
                await body.CopyToAsync(Stream.Null, Ct);
            }
        }

        Assert.Empty(errors);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _root.Delete(recursive: true);
    }

    private sealed class ErrorCollector(ConcurrentQueue<string> errors) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, errors);

        public void Dispose()
        {
        }

        private sealed class Logger(string category, ConcurrentQueue<string> errors) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (IsEnabled(logLevel))
                {
                    errors.Enqueue($"{category}: {formatter(state, exception)} {exception}");
                }
            }
        }
    }
}
