using System.Net;
using System.Net.Sockets;

namespace Drover.Sandbox.Tests;

/// <summary>What a command in the bubblewrap sandbox can and cannot see or reach.</summary>
public sealed class IsolationTests : IAsyncLifetime
{
    private readonly TestHands _hands = TestHands.Create();

    [Fact]
    public async Task The_environment_is_clean_and_server_variables_do_not_leak()
    {
        Environment.SetEnvironmentVariable("DROVER_TEST_CANARY", "canary-7f3a");

        var env = await _hands.BashAsync("env | cut -d= -f1 | sort | tr '\\n' ' '; echo; env");

        Assert.DoesNotContain("canary-7f3a", env, StringComparison.Ordinal);
        Assert.Equal("HOME LANG PATH PWD SHLVL TERM _", env.Split('\n')[0].Trim());
        Assert.Contains("HOME=/workspace", env, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Host_secrets_and_other_workspaces_are_out_of_sight()
    {
        var other = new TestHandsSession(_hands);
        await other.WriteAsync("secret.txt", "other session");

        var output = await _hands.BashAsync(
            $"ls /root 2>&1; cat /etc/shadow 2>&1; ls {_hands.DataDirectory} 2>&1; ls /workspace/.. ; cat /proc/1/environ | tr '\\0' ' '; id -u");

        Assert.Contains("ls: cannot access '/root': No such file or directory", output, StringComparison.Ordinal);
        Assert.Contains("cat: /etc/shadow: No such file or directory", output, StringComparison.Ordinal);
        Assert.Contains($"ls: cannot access '{_hands.DataDirectory}': No such file or directory", output, StringComparison.Ordinal);
        Assert.DoesNotContain("other session", output, StringComparison.Ordinal);
        Assert.DoesNotContain(other.SessionId, output, StringComparison.Ordinal);
        Assert.EndsWith("1000", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Host_secrets_the_server_database_and_other_workspaces_cannot_be_written_or_read()
    {
        var database = Path.Combine(_hands.DataDirectory, "drover.db");
        await File.WriteAllTextAsync(database, "SQLite format 3 server-secret", TestContext.Current.CancellationToken);
        var shadow = await File.ReadAllBytesAsync("/etc/shadow", TestContext.Current.CancellationToken);
        var other = new TestHandsSession(_hands);
        await other.WriteAsync("secret.txt", "other session");
        var otherFile = Path.Combine(_hands.DataDirectory, "workspaces", other.SessionId, "secret.txt");

        var output = await _hands.BashAsync(
            $"echo pwned >> /etc/shadow 2>&1; echo pwned > {database} 2>&1; cat {database} 2>&1; "
            + $"echo pwned > /workspace/../{other.SessionId}/secret.txt 2>&1; cat {otherFile} 2>&1; "
            + $"cat /proc/1/root{database} /proc/[0-9]*/root{otherFile} 2>&1; "
            + $"mkdir -p {Path.GetDirectoryName(otherFile)} 2>&1 && echo pwned > {otherFile} 2>&1; touch /etc/planted 2>&1; true");
        var viaTools = await _hands.RunAsync("write", $$"""{"file_path": "../{{other.SessionId}}/secret.txt", "content": "pwned"}""");
        var readTool = await _hands.RunAsync("read", """{"file_path": "/workspace/../../drover.db"}""");

        Assert.DoesNotContain("server-secret", output, StringComparison.Ordinal);
        Assert.DoesNotContain("other session", output, StringComparison.Ordinal);
        Assert.Contains("/etc/shadow: Read-only file system", output, StringComparison.Ordinal);
        Assert.Contains("/etc/planted': Read-only file system", output, StringComparison.Ordinal);
        Assert.True(viaTools.IsError);
        Assert.True(readTool.IsError);
        Assert.Equal("SQLite format 3 server-secret", await File.ReadAllTextAsync(database, TestContext.Current.CancellationToken));
        Assert.Equal(shadow, await File.ReadAllBytesAsync("/etc/shadow", TestContext.Current.CancellationToken));
        Assert.Equal("other session", await File.ReadAllTextAsync(otherFile, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Without_networking_no_address_of_the_host_or_beyond_can_be_reached()
    {
        using var listener = new TcpListener(IPAddress.IPv6Any, 0);
        listener.Server.DualMode = true;
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var targets = System.Net.NetworkInformation.NetworkInterface.GetAllNetworkInterfaces()
            .SelectMany(i => i.GetIPProperties().UnicastAddresses)
            .Select(a => a.Address)
            .Where(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a))
            .Select(a => a.ToString())
            .Concat(["127.0.0.1", "::1", "1.1.1.1", "10.0.2.2"])
            .ToList();
        var probes = string.Join("; ", targets.Select(t => $"(timeout 3 bash -c 'echo hi > /dev/tcp/{t}/{port}') 2>&1 && echo CONNECTED {t}"));

        var output = await _hands.BashAsync($"{probes}; (echo x > /dev/udp/1.1.1.1/53) 2>&1; tail -n +3 /proc/net/dev | cut -d: -f1 | xargs");

        Assert.DoesNotContain("CONNECTED", output, StringComparison.Ordinal);
        Assert.Contains("Network is unreachable", output, StringComparison.Ordinal);
        Assert.Equal("lo", output.Split('\n')[^1]);
        Assert.False(listener.Pending());
    }

    [Fact]
    public async Task System_directories_are_read_only()
    {
        var output = await _hands.RunAsync("bash", """{"command": "touch /usr/bin/evil 2>&1; echo x > /etc/passwd 2>&1; echo ok > /tmp/t && cat /tmp/t"}""");

        Assert.Contains("Read-only file system", TestHands.Text(output), StringComparison.Ordinal);
        Assert.EndsWith("ok", TestHands.Text(output), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_networking_a_listener_on_the_host_loopback_cannot_be_reached()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;

        var output = await _hands.RunAsync("bash", $$"""{"command": "(echo hi > /dev/tcp/127.0.0.1/{{port}}) 2>&1; echo status=$?; curl -sS -m 3 http://example.com 2>&1; ls /sys/class/net"}""");

        var text = TestHands.Text(output);
        Assert.Contains("Connection refused", text, StringComparison.Ordinal);
        Assert.Contains("status=1", text, StringComparison.Ordinal);
        Assert.Contains("Could not resolve host", text, StringComparison.Ordinal);
        Assert.False(listener.Pending());
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _hands.DisposeAsync();

    /// <summary>A second session on the same hands.</summary>
    private sealed class TestHandsSession(TestHands hands)
    {
        public string SessionId { get; } = "sesn_" + Guid.NewGuid().ToString("N");

        public async Task WriteAsync(string path, string content)
        {
            var call = hands.Call("write", System.Text.Json.JsonSerializer.Serialize(new { file_path = path, content })) with { SessionId = SessionId };
            var output = await hands.Hands.ExecuteAsync(call, TestContext.Current.CancellationToken);
            Assert.False(output.IsError, TestHands.Text(output));
        }
    }
}
