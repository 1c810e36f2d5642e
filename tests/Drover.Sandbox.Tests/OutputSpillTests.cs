namespace Drover.Sandbox.Tests;

/// <summary>Results over 100,000 characters go to a file in the workspace; the model gets a preview and the path.</summary>
public sealed class OutputSpillTests : IAsyncLifetime
{
    private readonly TestHands _hands = TestHands.Create();

    [Fact]
    public async Task Bash_output_over_the_threshold_is_saved_whole_and_previewed()
    {
        var call = _hands.Call("bash", """{"command": "seq 1 30000"}""");

        var output = TestHands.Text(await _hands.Hands.ExecuteAsync(call, TestContext.Current.CancellationToken));

        var path = $"/workspace/.tool-outputs/{call.ToolUseId}.txt";
        Assert.Contains($"It was saved in full to {path}", output, StringComparison.Ordinal);
        Assert.StartsWith("1\n2\n3\n", output, StringComparison.Ordinal);
        Assert.EndsWith("29999\n30000", output, StringComparison.Ordinal);
        Assert.True(output.Length < 25_000);
        var saved = File.ReadAllText(Path.Combine(_hands.WorkspaceHost, ".tool-outputs", call.ToolUseId + ".txt"));
        Assert.Equal(string.Join('\n', Enumerable.Range(1, 30000)), saved);
        Assert.Equal("30000", await _hands.BashAsync($"grep -c '' {path}"));
    }

    [Fact]
    public async Task Read_output_over_the_threshold_is_saved_too()
    {
        var text = string.Concat(Enumerable.Range(1, 20_000).Select(i => $"{i}\n"));
        await File.WriteAllTextAsync(Path.Combine(_hands.WorkspaceHost, "long.txt"), text, TestContext.Current.CancellationToken);

        var output = TestHands.Text(await _hands.RunAsync("read", """{"file_path": "long.txt"}"""));

        Assert.Contains("too long to return whole. It was saved in full to /workspace/.tool-outputs/", output, StringComparison.Ordinal);
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _hands.DisposeAsync();
}
