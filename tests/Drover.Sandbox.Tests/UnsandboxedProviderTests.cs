using Microsoft.Extensions.Logging;

namespace Drover.Sandbox.Tests;

/// <summary>The explicit opt-out: a plain shell on the host, announced loudly.</summary>
public sealed class UnsandboxedProviderTests
{
    [Fact]
    public async Task Runs_a_persistent_shell_in_the_workspace_and_warns_at_startup()
    {
        var logs = new CapturingLogs();
        await using var hands = TestHands.Create(
            logs: logs,
            settings: new() { ["Sandbox:Provider"] = "unsandboxed", ["Sandbox:AllowUnsandboxed"] = "true" });

        await hands.BashAsync("export X=1; mkdir d; cd d");
        var output = await hands.BashAsync("echo $X; pwd");
        var interrupted = await hands.RunAsync("bash", """{"command": "sleep 30", "timeout_ms": 300}""");

        Assert.Equal($"1\n{hands.WorkspaceHost}/d", output);
        Assert.Contains("timed out", TestHands.Text(interrupted), StringComparison.Ordinal);
        Assert.Contains(logs.Messages, m => m.Level == LogLevel.Warning && m.Text.StartsWith("UNSANDBOXED", StringComparison.Ordinal));
    }

    private sealed class CapturingLogs : ILoggerProvider
    {
        public List<(LogLevel Level, string Text)> Messages { get; } = [];

        public ILogger CreateLogger(string categoryName) => new Logger(this);

        public void Dispose()
        {
        }

        private sealed class Logger(CapturingLogs owner) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                lock (owner.Messages)
                {
                    owner.Messages.Add((logLevel, formatter(state, exception)));
                }
            }
        }
    }
}
