namespace Drover.Sandbox.Tests;

/// <summary>Runaway commands are stopped by a limit, reported as a tool error, and the next call works.</summary>
public sealed class LimitTests : IAsyncLifetime
{
    private readonly TestHands _hands = TestHands.Create(o =>
    {
        o.Limits.MaxProcesses = 64;
        o.Limits.MemoryBytes = 128L << 20;
        o.Limits.MaxFileSizeBytes = 1L << 20;
    });

    [Fact]
    public async Task A_fork_bomb_hits_the_process_limit()
    {
        var output = await _hands.RunAsync("bash", """{"command": "for i in $(seq 1 200); do sleep 20 & done; wait", "timeout_ms": 4000}""");

        Assert.True(output.IsError);
        Assert.Contains("Resource temporarily unavailable", TestHands.Text(output), StringComparison.Ordinal);
        Assert.Equal("alive", await _hands.BashAsync("echo alive"));
    }

    [Fact]
    public async Task A_memory_hog_is_stopped()
    {
        var output = await _hands.RunAsync("bash", """{"command": "python3 -c \"x = b'a' * (512 << 20)\""}""");

        Assert.True(output.IsError);
        Assert.Contains("Exit code: 137", TestHands.Text(output), StringComparison.Ordinal);
        Assert.Equal("alive", await _hands.BashAsync("echo alive"));
    }

    [Fact]
    public async Task A_disk_filler_hits_the_file_size_limit()
    {
        var output = await _hands.RunAsync("bash", """{"command": "head -c 10M /dev/zero > big.bin"}""");

        Assert.True(output.IsError);
        Assert.Contains("SIGXFSZ", TestHands.Text(output), StringComparison.Ordinal);
        Assert.Equal(1L << 20, new FileInfo(Path.Combine(_hands.WorkspaceHost, "big.bin")).Length);
        Assert.Equal("alive", await _hands.BashAsync("rm big.bin; echo alive"));
    }

    [Fact]
    public async Task A_real_fork_bomb_is_contained_and_the_next_call_works()
    {
        var output = await _hands.RunAsync("bash", """{"command": ":(){ :|:& };:; sleep 30", "timeout_ms": 2000}""");

        Assert.True(output.IsError);
        Assert.Contains("timed out after 2 s", TestHands.Text(output), StringComparison.Ordinal);
        Assert.Equal("alive", await _hands.BashAsync("echo alive"));
        // Every process of the bomb is gone (a killed one may linger a moment as a zombie until init reaps it).
        Assert.Equal("bwrap bash ps", await _hands.BashAsync("ps -e -o stat=,comm= > /tmp/ps.txt; grep -v '^Z' /tmp/ps.txt | awk '{print $2}' | xargs"));
    }

    [Fact]
    public async Task A_memory_hog_in_the_shell_itself_ends_the_sandbox_and_the_next_call_gets_a_fresh_one()
    {
        await _hands.BashAsync("echo kept > k.txt");

        var output = await _hands.RunAsync("bash", """{"command": "x=$(yes aaaaaaa | head -c 400M); echo survived", "timeout_ms": 30000}""");

        Assert.True(output.IsError);
        Assert.DoesNotContain("survived", TestHands.Text(output), StringComparison.Ordinal);
        Assert.Equal("kept", await _hands.BashAsync("cat k.txt"));
    }

    [Fact]
    public async Task Filling_tmp_hits_its_size_cap_and_the_workspace_is_untouched()
    {
        await using var hands = TestHands.Create(o => o.Limits.TmpSizeBytes = 4L << 20);

        var output = await hands.RunAsync("bash", """{"command": "for i in $(seq 1 8); do head -c 1M /dev/zero > /tmp/f$i || exit 1; done"}""");

        Assert.True(output.IsError);
        Assert.Contains("No space left on device", TestHands.Text(output), StringComparison.Ordinal);
        Assert.Equal("alive", await hands.BashAsync("rm -f /tmp/f*; echo alive"));
        Assert.Empty(Directory.EnumerateFileSystemEntries(hands.WorkspaceHost));
    }

    [Fact]
    public async Task An_endless_loop_in_a_child_process_is_stopped_at_the_timeout_and_the_shell_is_kept()
    {
        await _hands.BashAsync("cd /tmp && export KEPT=yes");

        var output = await _hands.RunAsync("bash", """{"command": "sh -c 'while :; do :; done'", "timeout_ms": 500}""");

        Assert.True(output.IsError);
        Assert.Contains("The shell, its working directory and variables are kept.", TestHands.Text(output), StringComparison.Ordinal);
        Assert.Equal("/tmp yes", await _hands.BashAsync("echo $PWD $KEPT"));
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _hands.DisposeAsync();
}
