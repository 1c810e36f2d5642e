using System.Net;
using System.Net.Sockets;

namespace Drover.Sandbox.Tests;

/// <summary>
/// Networked sandboxes reach the outside only through the egress proxy, which enforces the environment's
/// <c>allowed_hosts</c>. To stay on loopback, the test maps made-up host names to 127.0.0.1 and lets the proxy connect
/// to private addresses; one test checks that it refuses them by default.
/// </summary>
public sealed class EgressTests : IAsyncLifetime
{
    private static readonly string[] s_mappedHosts = ["allowed.test", "other.test", "api.wild.test", "wild.test"];
    private readonly LoopbackHttpServer _server = new();

    private static TestHands Hands(bool allowPrivate = true, string environment = """{"type":"cloud","networking":{"type":"limited","allowed_hosts":["allowed.test","*.wild.test"]}}""")
    {
        var hands = TestHands.Create(o =>
        {
            o.Egress.AllowPrivateDestinations = allowPrivate;
            foreach (var host in s_mappedHosts)
            {
                o.Egress.HostMap[host] = "127.0.0.1";
            }
        });
        hands.Environment = TestHands.Json(environment);
        return hands;
    }

    [Fact]
    public async Task Limited_networking_lets_allowed_hosts_through_the_proxy_and_refuses_others()
    {
        await using var hands = Hands();
        var port = _server.Port;

        var output = await hands.BashAsync(
            $"curl -sS http://allowed.test:{port}/plain; curl -sS --proxytunnel http://allowed.test:{port}/tunnel; curl -sS http://api.wild.test:{port}/wild; "
            + $"curl -sS -w ' %{{http_code}}\\n' http://other.test:{port}/; curl -sS -w ' %{{http_code}}\\n' http://wild.test:{port}/; "
            + $"curl -sS --noproxy '*' -m 3 http://127.0.0.1:{port}/ 2>&1 | head -c 60");

        var lines = output.Split('\n');
        Assert.Equal($"hello from allowed.test:{port} /plain", lines[0]);
        Assert.Equal($"hello from allowed.test:{port} /tunnel", lines[1]);
        Assert.Equal($"hello from api.wild.test:{port} /wild", lines[2]);
        Assert.Equal("Drover egress proxy: other.test is not among the environment's allowed_hosts", lines[3]);
        Assert.Equal(" 403", lines[4]);
        Assert.Equal("Drover egress proxy: wild.test is not among the environment's allowed_hosts", lines[5]);
        Assert.Contains("Failed to connect to 127.0.0.1", lines[7], StringComparison.Ordinal);
        Assert.Equal(3, _server.Requests);
    }

    [Fact]
    public async Task The_proxy_refuses_loopback_and_private_destinations_unless_allowed()
    {
        await using var hands = Hands(allowPrivate: false, environment: """{"type":"cloud","networking":{"type":"unrestricted"}}""");

        var output = TestHands.Text(await hands.RunAsync("bash", $$"""{"command": "curl -sS http://allowed.test:{{_server.Port}}/; curl -sS --noproxy '' --proxytunnel http://localhost:{{_server.Port}}/ 2>&1"}"""));

        Assert.StartsWith("Drover egress proxy: allowed.test resolves to 127.0.0.1, a loopback, private or reserved address", output, StringComparison.Ordinal);
        Assert.Contains("CONNECT tunnel failed, response 403", output.Split('\n')[1], StringComparison.Ordinal);
        Assert.Equal(0, _server.Requests);
    }

    [Fact]
    public async Task The_proxy_listens_only_inside_the_sandbox()
    {
        await using var hands = Hands();
        var listening = await hands.BashAsync("grep -c ':0C38 00000000:0000 0A' /proc/net/tcp");

        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        var error = await Assert.ThrowsAsync<SocketException>(() => probe.ConnectAsync(new IPEndPoint(IPAddress.Loopback, 3128), TestContext.Current.CancellationToken).AsTask());

        Assert.Equal("1", listening);
        Assert.Equal(SocketError.ConnectionRefused, error.SocketErrorCode);
    }

    [Fact]
    public async Task Web_fetch_follows_the_environment_policy_and_the_tool_domain_lists()
    {
        await using var hands = Hands();
        var port = _server.Port;

        var allowed = await hands.RunAsync("web_fetch", $$"""{"url": "http://allowed.test:{{port}}/page"}""");
        var other = await hands.RunAsync("web_fetch", $$"""{"url": "http://other.test:{{port}}/page"}""");
        var blockedCall = hands.Call("web_fetch", $$"""{"url": "http://allowed.test:{{port}}/page"}""") with { ToolConfig = TestHands.Json("""{"name":"web_fetch","blocked_domains":["allowed.test"]}""") };
        var blocked = await hands.Hands.ExecuteAsync(blockedCall, TestContext.Current.CancellationToken);
        hands.Environment = TestHands.NoNetwork;
        var offline = await hands.RunAsync("web_fetch", $$"""{"url": "http://allowed.test:{{port}}/page"}""");
        var badUrl = await hands.RunAsync("web_fetch", """{"url": "file:///etc/passwd"}""");

        Assert.False(allowed.IsError, TestHands.Text(allowed));
        Assert.EndsWith($"hello from allowed.test:{port} /page\n", TestHands.Text(allowed), StringComparison.Ordinal);
        Assert.True(other.IsError);
        Assert.Equal("url_not_allowed: other.test is not among the environment's allowed_hosts", TestHands.Text(other));
        Assert.Equal("url_not_allowed: allowed.test is in the tool's blocked_domains.", TestHands.Text(blocked));
        Assert.Equal("web_fetch is not available: the session's environment allows no network access.", TestHands.Text(offline));
        Assert.Equal("Invalid input for web_fetch: `url` must be an absolute http:// or https:// address.", TestHands.Text(badUrl));
        Assert.Equal(1, _server.Requests);
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
