namespace Drover.Sandbox.Tests;

/// <summary>The bash tool in a real bubblewrap sandbox: one persistent shell per session.</summary>
public sealed class BashToolTests : IAsyncLifetime
{
    private readonly TestHands _hands = TestHands.Create(o => o.BashOutputLimit = 10_000);

    [Fact]
    public async Task Working_directory_and_variables_persist_across_calls()
    {
        await _hands.BashAsync("mkdir -p sub/dir && cd sub/dir && export GREETING=hello && counter=41");

        var output = await _hands.BashAsync("pwd; echo $GREETING; echo $((counter + 1))");

        Assert.Equal("/workspace/sub/dir\nhello\n42", output);
    }

    [Fact]
    public async Task Restart_gives_a_fresh_shell_and_keeps_the_files()
    {
        await _hands.BashAsync("cd /tmp && export KEPT=no && echo data > /workspace/file.txt");

        var restarted = await _hands.RunAsync("bash", """{"restart": true}""");
        var output = await _hands.BashAsync("pwd; echo \"[$KEPT]\"; cat file.txt");

        Assert.False(restarted.IsError);
        Assert.Contains("restarted", TestHands.Text(restarted), StringComparison.Ordinal);
        Assert.Equal("/workspace\n[]\ndata", output);
    }

    [Fact]
    public async Task Stderr_and_exit_codes_are_reported()
    {
        var output = await _hands.RunAsync("bash", """{"command": "echo out; echo err >&2; exit_code() { return 3; }; exit_code"}""");

        Assert.True(output.IsError);
        Assert.Equal("out\nerr\n\nExit code: 3", TestHands.Text(output));
    }

    [Fact]
    public async Task Commands_get_no_standard_input_and_ansi_escapes_are_stripped()
    {
        var output = await _hands.BashAsync("cat; printf '\\033[1;31mred\\033[0m plain\\n'");

        Assert.Equal("red plain", output);
    }

    [Fact]
    public async Task A_timeout_kills_the_command_and_keeps_the_shell()
    {
        await _hands.BashAsync("cd /tmp");

        var output = await _hands.RunAsync("bash", """{"command": "echo started; sleep 30", "timeout_ms": 500}""");
        var after = await _hands.BashAsync("pwd");

        Assert.True(output.IsError);
        Assert.StartsWith("started", TestHands.Text(output), StringComparison.Ordinal);
        Assert.Contains("timed out after 0.5 s", TestHands.Text(output), StringComparison.Ordinal);
        Assert.Equal("/tmp", after);
    }

    [Fact]
    public async Task A_timeout_stops_the_rest_of_the_command_not_only_its_running_process()
    {
        var output = await _hands.RunAsync("bash", """{"command": "echo started; sleep 30; touch /workspace/ran-after; echo after", "timeout_ms": 500}""");
        await Task.Delay(300, TestContext.Current.CancellationToken);
        var after = await _hands.BashAsync("ls /workspace; echo next");

        Assert.True(output.IsError);
        Assert.DoesNotContain("after", TestHands.Text(output).Replace("timed out after", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("The shell, its working directory and variables are kept", TestHands.Text(output), StringComparison.Ordinal);
        Assert.DoesNotContain("ran-after", after, StringComparison.Ordinal);
        Assert.EndsWith("next", after, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_timeout_in_a_shell_loop_stops_the_loop_and_keeps_the_shell()
    {
        await _hands.BashAsync("cd /tmp; x=kept");

        var output = await _hands.RunAsync("bash", """{"command": "while :; do :; done", "timeout_ms": 300}""");
        var after = await _hands.BashAsync("pwd; echo $x");

        Assert.True(output.IsError);
        Assert.Contains("The shell, its working directory and variables are kept", TestHands.Text(output), StringComparison.Ordinal);
        Assert.Equal("/tmp\nkept", after);
    }

    [Fact]
    public async Task A_loop_that_removed_the_stop_trap_replaces_the_shell()
    {
        await _hands.BashAsync("cd /tmp; echo kept > /workspace/k");

        var output = await _hands.RunAsync("bash", """{"command": "trap - DEBUG; while :; do :; done", "timeout_ms": 300}""");
        var after = await _hands.BashAsync("pwd; cat k");

        Assert.True(output.IsError);
        Assert.Contains("did not recover", TestHands.Text(output), StringComparison.Ordinal);
        Assert.Equal("/workspace\nkept", after);
    }

    [Fact]
    public async Task Long_output_keeps_the_head_and_the_tail_and_says_it_was_cut()
    {
        var output = await _hands.BashAsync("seq 1 100000");

        Assert.StartsWith("1\n2\n3\n", output, StringComparison.Ordinal);
        Assert.EndsWith("99999\n100000", output, StringComparison.Ordinal);
        Assert.Contains("characters of output cut here", output, StringComparison.Ordinal);
        Assert.True(output.Length < 11_000);
    }

    [Fact]
    public async Task Missing_command_is_an_error_result_naming_the_field()
    {
        var missing = await _hands.RunAsync("bash", "{}");
        var wrongType = await _hands.RunAsync("bash", """{"command": 42}""");
        var badTimeout = await _hands.RunAsync("bash", """{"command": "true", "timeout_ms": "soon"}""");

        Assert.True(missing.IsError);
        Assert.Contains("`command` is required", TestHands.Text(missing), StringComparison.Ordinal);
        Assert.Contains("`command` must be a string", TestHands.Text(wrongType), StringComparison.Ordinal);
        Assert.Contains("`timeout_ms` must be an integer", TestHands.Text(badTimeout), StringComparison.Ordinal);
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _hands.DisposeAsync();
}
