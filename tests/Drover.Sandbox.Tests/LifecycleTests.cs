using System.Diagnostics;
using Drover.Sandbox.Native;
using Microsoft.Extensions.Time.Testing;

namespace Drover.Sandbox.Tests;

/// <summary>Sandboxes are lazy, disposable and stop when idle; workspaces outlive them.</summary>
public sealed class LifecycleTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new();
    private readonly TestHands _hands;

    public LifecycleTests() => _hands = TestHands.Create(o => o.IdleTimeout = TimeSpan.FromMinutes(5), _time);

    [Fact]
    public async Task File_tools_need_no_sandbox_and_bash_provisions_one()
    {
        await _hands.RunAsync("write", """{"file_path": "a.txt", "content": "x"}""");
        await _hands.RunAsync("read", """{"file_path": "a.txt"}""");
        var before = _hands.Hands.Sandboxes.ProcessIdOf(_hands.SessionId);

        await _hands.BashAsync("true");

        Assert.Null(before);
        Assert.NotNull(_hands.Hands.Sandboxes.ProcessIdOf(_hands.SessionId));
    }

    [Fact]
    public async Task A_sandbox_killed_mid_command_is_an_error_and_the_next_call_gets_a_fresh_one_on_the_same_workspace()
    {
        await _hands.BashAsync("echo precious > kept.txt; cd /tmp");
        var pid = _hands.Hands.Sandboxes.ProcessIdOf(_hands.SessionId)!.Value;
        var running = _hands.BashCallAsync("echo begun; sleep 30");
        await WaitUntilAsync(() => Process.GetProcesses().Any(p => SafeName(p) == "sleep" && IsDescendant(p.Id, pid)));

        Assert.Equal(0, LinuxNative.kill(pid, LinuxNative.SigKill));
        var killed = await running;
        var after = await _hands.BashAsync("pwd; cat kept.txt");

        Assert.True(killed.IsError);
        Assert.Contains("The shell ended before the command finished", TestHands.Text(killed), StringComparison.Ordinal);
        Assert.Equal("/workspace\nprecious", after);
        Assert.NotEqual(pid, _hands.Hands.Sandboxes.ProcessIdOf(_hands.SessionId));
    }

    [Fact]
    public async Task A_shell_that_exits_is_replaced_on_the_next_call()
    {
        var exited = await _hands.BashCallAsync("exit 4");
        var after = await _hands.BashAsync("echo back");

        Assert.True(exited.IsError);
        Assert.Equal("back", after);
    }

    [Fact]
    public async Task A_hung_sandbox_is_an_error_and_the_next_call_gets_a_fresh_one()
    {
        await _hands.BashAsync("echo precious > kept.txt");

        var hung = await _hands.RunAsync("bash", """{"command": "kill -STOP $$", "timeout_ms": 300}""");
        var after = await _hands.BashAsync("cat kept.txt");

        Assert.True(hung.IsError);
        Assert.Contains("the shell did not recover, so the sandbox was stopped", TestHands.Text(hung), StringComparison.Ordinal);
        Assert.Equal("precious", after);
    }

    [Fact]
    public async Task A_fifo_in_the_workspace_does_not_hang_the_file_tools()
    {
        await _hands.BashAsync("mkfifo pipe");

        var read = await _hands.RunAsync("read", """{"file_path": "pipe"}""");
        var write = await _hands.RunAsync("write", """{"file_path": "pipe", "content": "x"}""");
        var grep = await _hands.RunAsync("grep", """{"pattern": "x"}""");

        Assert.Equal("/workspace/pipe is not a regular file.", TestHands.Text(read));
        Assert.Equal("/workspace/pipe is not a regular file.", TestHands.Text(write));
        Assert.StartsWith("No matches", TestHands.Text(grep), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_idle_sandbox_stops_after_the_idle_timeout_and_the_workspace_stays()
    {
        await _hands.BashAsync("echo data > file.txt; cd /tmp");
        using var process = Process.GetProcessById(_hands.Hands.Sandboxes.ProcessIdOf(_hands.SessionId)!.Value);

        _time.Advance(TimeSpan.FromMinutes(4));
        Assert.False(process.HasExited);
        _time.Advance(TimeSpan.FromMinutes(1));
        await process.WaitForExitAsync(TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        Assert.Null(_hands.Hands.Sandboxes.ProcessIdOf(_hands.SessionId));
        Assert.False(_hands.Hands.Sandboxes.Tracks(_hands.SessionId));
        Assert.Equal("/workspace\ndata", await _hands.BashAsync("pwd; cat file.txt"));
        Assert.True(_hands.Hands.Sandboxes.Tracks(_hands.SessionId));
    }

    [Fact]
    public async Task A_call_keeps_the_sandbox_from_going_idle()
    {
        await _hands.BashAsync("cd /tmp");
        _time.Advance(TimeSpan.FromMinutes(4));
        await _hands.BashAsync("true");
        _time.Advance(TimeSpan.FromMinutes(4));

        Assert.Equal("/tmp", await _hands.BashAsync("pwd"));
    }

    [Fact]
    public async Task An_interrupt_stops_a_running_command_promptly()
    {
        await _hands.BashAsync("cd /tmp");
        using var interrupt = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var started = Stopwatch.StartNew();
        var running = _hands.Hands.ExecuteAsync(_hands.Call("bash", """{"command": "sleep 30"}"""), interrupt.Token);
        var pid = _hands.Hands.Sandboxes.ProcessIdOf(_hands.SessionId)!.Value;
        await WaitUntilAsync(() => Process.GetProcesses().Any(p => SafeName(p) == "sleep" && IsDescendant(p.Id, pid)));

        await interrupt.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(5), $"took {started.Elapsed}");
        Assert.DoesNotContain(Process.GetProcesses(), p => SafeName(p) == "sleep" && IsDescendant(p.Id, pid));
        Assert.Equal("/tmp", await _hands.BashAsync("pwd"));
    }

    [Fact]
    public async Task Discarding_a_session_stops_its_sandbox_and_deletes_its_workspace()
    {
        var outside = Directory.CreateDirectory(Path.Combine(_hands.DataDirectory, "outside")).FullName;
        File.WriteAllText(Path.Combine(outside, "keep.txt"), "not the session's");
        await _hands.BashAsync($"echo x > f; mkdir -p d/e; ln -s {outside} d/e/link");
        var workspace = _hands.WorkspaceHost;
        using var process = Process.GetProcessById(_hands.Hands.Sandboxes.ProcessIdOf(_hands.SessionId)!.Value);

        await _hands.Hands.DiscardSessionAsync(_hands.SessionId, TestContext.Current.CancellationToken);

        Assert.True(process.HasExited);
        Assert.False(Directory.Exists(workspace));
        Assert.True(File.Exists(Path.Combine(outside, "keep.txt")));
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _hands.DisposeAsync();

    private static string SafeName(Process process)
    {
        try
        {
            return process.ProcessName;
        }
        catch (InvalidOperationException)
        {
            return "";
        }
    }

    private static bool IsDescendant(int pid, int ancestor)
    {
        for (var current = pid; current > 1;)
        {
            if (current == ancestor)
            {
                return true;
            }

            var stat = File.Exists($"/proc/{current}/stat") ? File.ReadAllText($"/proc/{current}/stat") : null;
            if (stat is null)
            {
                return false;
            }

            current = int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        }

        return false;
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(10), "the condition never held");
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }
    }
}
