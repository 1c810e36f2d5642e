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
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _hands.DisposeAsync();
}
