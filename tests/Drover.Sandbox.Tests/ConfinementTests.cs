namespace Drover.Sandbox.Tests;

/// <summary>File tools never reach outside /workspace: not by <c>..</c>, absolute paths or symbolic links.</summary>
public sealed class ConfinementTests : IAsyncLifetime
{
    private readonly TestHands _hands = TestHands.Create();

    [Theory]
    [InlineData("read", """{"file_path": "../secret.txt"}""")]
    [InlineData("read", """{"file_path": "/workspace/../secret.txt"}""")]
    [InlineData("read", """{"file_path": "/etc/passwd"}""")]
    [InlineData("write", """{"file_path": "a/../../escape.txt", "content": "x"}""")]
    [InlineData("edit", """{"file_path": "/tmp/x", "old_string": "a", "new_string": "b"}""")]
    [InlineData("read", """{"file_path": "../sesn_other/secret.txt"}""")]
    [InlineData("write", """{"file_path": "/etc/cron.d/escape", "content": "x"}""")]
    [InlineData("write", """{"file_path": "/workspace/../../drover.db", "content": "x"}""")]
    [InlineData("edit", """{"file_path": "x/../../../drover.db", "old_string": "a", "new_string": "b"}""")]
    [InlineData("glob", """{"pattern": "*", "path": ".."}""")]
    [InlineData("glob", """{"pattern": "*", "path": "/workspace/.."}""")]
    [InlineData("glob", """{"pattern": "/etc/*"}""")]
    [InlineData("grep", """{"pattern": "root", "path": "/etc"}""")]
    public async Task Paths_outside_the_workspace_are_refused(string tool, string input)
    {
        var output = await _hands.RunAsync(tool, input);

        Assert.True(output.IsError);
        Assert.Contains("is outside /workspace", TestHands.Text(output), StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_hands.DataDirectory, "workspaces", "escape.txt")));
    }

    [Fact]
    public async Task Patterns_that_climb_out_match_nothing_outside()
    {
        var other = Path.Combine(_hands.DataDirectory, "workspaces", "sesn_other");
        Directory.CreateDirectory(other);
        File.WriteAllText(Path.Combine(other, "secret.txt"), "other session");
        File.WriteAllText(Path.Combine(_hands.DataDirectory, "drover.db"), "server");

        var outputs = new[]
        {
            await _hands.RunAsync("glob", """{"pattern": "../*"}"""),
            await _hands.RunAsync("glob", """{"pattern": "../**/*.txt"}"""),
            await _hands.RunAsync("glob", """{"pattern": "/workspace/../../*"}"""),
            await _hands.RunAsync("grep", """{"pattern": "other session|server", "path": "/workspace"}"""),
        }.Select(TestHands.Text).ToList();

        Assert.All(outputs, o => Assert.DoesNotContain("secret", o, StringComparison.Ordinal));
        Assert.All(outputs, o => Assert.DoesNotContain("drover.db", o, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Symbolic_links_that_lead_out_are_refused()
    {
        var outside = Path.Combine(_hands.DataDirectory, "outside");
        Directory.CreateDirectory(outside);
        File.WriteAllText(Path.Combine(outside, "secret.txt"), "host secret");
        await _hands.RunAsync("write", """{"file_path": "inside.txt", "content": "fine"}""");
        File.CreateSymbolicLink(Path.Combine(_hands.WorkspaceHost, "dir-link"), outside);
        File.CreateSymbolicLink(Path.Combine(_hands.WorkspaceHost, "file-link"), Path.Combine(outside, "secret.txt"));
        File.CreateSymbolicLink(Path.Combine(_hands.WorkspaceHost, "good-link"), "inside.txt");

        var viaDir = await _hands.RunAsync("read", """{"file_path": "dir-link/secret.txt"}""");
        var viaFile = await _hands.RunAsync("read", """{"file_path": "file-link"}""");
        var writeThrough = await _hands.RunAsync("write", """{"file_path": "dir-link/planted.txt", "content": "x"}""");
        var editThrough = await _hands.RunAsync("edit", """{"file_path": "file-link", "old_string": "host", "new_string": "pwned"}""");
        var globThrough = await _hands.RunAsync("glob", """{"pattern": "**/*.txt"}""");
        var grepThrough = await _hands.RunAsync("grep", """{"pattern": "secret"}""");
        var globInLink = await _hands.RunAsync("glob", """{"pattern": "*", "path": "dir-link"}""");
        var inside = await _hands.RunAsync("read", """{"file_path": "good-link"}""");

        foreach (var refused in new[] { viaDir, viaFile, writeThrough, editThrough, globInLink })
        {
            Assert.True(refused.IsError);
            Assert.Contains("through a symbolic link; refused", TestHands.Text(refused), StringComparison.Ordinal);
        }

        Assert.Equal("/workspace/inside.txt", TestHands.Text(globThrough));
        Assert.StartsWith("No matches", TestHands.Text(grepThrough), StringComparison.Ordinal);
        Assert.Equal("     1\tfine\n", TestHands.Text(inside));
        Assert.False(File.Exists(Path.Combine(outside, "planted.txt")));
        Assert.Equal("host secret", File.ReadAllText(Path.Combine(outside, "secret.txt")));
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _hands.DisposeAsync();
}
