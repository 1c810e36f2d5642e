using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Drover.Server.Tests;

namespace Drover.Cli.Tests.Client;

/// <summary>Failures a person meets: each has a clear message on stderr, the API's error envelope where there is one, and its named exit code.</summary>
public sealed class ClientErrorTests(DroverServerFixture server) : IClassFixture<DroverServerFixture>
{
    [Fact]
    public async Task A_bad_api_key_exits_with_the_authentication_code_and_shows_the_envelope()
    {
        using var cli = new DroverCli(server.BaseAddress, "sk-drover-not-a-real-key-0000000000");
        var result = await cli.RunAsync("agents", "list", "--json");

        Assert.Equal(ExitCodes.AuthenticationFailed, result.ExitCode);
        Assert.Equal("", result.Stdout);
        Assert.Contains("authentication failed (401)", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("\"type\":\"authentication_error\"", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_api_key_at_all_says_how_to_give_one()
    {
        using var cli = new DroverCli(server.BaseAddress, apiKey: null);
        var result = await cli.RunAsync("sessions", "list");

        Assert.Equal(ExitCodes.AuthenticationFailed, result.ExitCode);
        Assert.Contains("no API key", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("drover login", result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("agents", "agent_01M00000000000000000000000")]
    [InlineData("environments", "env_01M00000000000000000000000")]
    [InlineData("sessions", "sesn_01M00000000000000000000000")]
    public async Task An_unknown_id_exits_with_the_not_found_code(string kind, string id)
    {
        using var cli = new DroverCli(server.BaseAddress, DroverServerFixture.AdminApiKey);
        var result = await cli.RunAsync(kind, "get", id);

        Assert.Equal(ExitCodes.NotFound, result.ExitCode);
        Assert.Equal("", result.Stdout);
        Assert.Contains("not found (404)", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("\"type\":\"not_found_error\"", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Input_the_server_refuses_exits_with_the_invalid_input_code_and_names_the_field()
    {
        using var cli = new DroverCli(server.BaseAddress, DroverServerFixture.AdminApiKey);
        var result = await cli.RunAsync("agents", "create", "--name", "no-model", "--json");

        Assert.Equal(ExitCodes.InvalidInput, result.ExitCode);
        Assert.Equal("", result.Stdout);
        Assert.Contains("refused (400)", result.Stderr, StringComparison.Ordinal);
        var envelope = JsonDocument.Parse(result.Stderr.Split('\n').Single(l => l.StartsWith('{'))).RootElement;
        Assert.Equal("invalid_request_error", envelope.GetProperty("error").GetProperty("type").GetString());
        Assert.Contains("model", envelope.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_that_is_not_yaml_is_refused_before_any_request()
    {
        using var cli = new DroverCli(server.BaseAddress, DroverServerFixture.AdminApiKey);
        var file = Path.Combine(cli.ConfigDirectory, "broken.yaml");
        await File.WriteAllTextAsync(file, "name: [unclosed\nmodel: x\n", TestContext.Current.CancellationToken);
        var result = await cli.RunAsync("agents", "create", "-f", file);

        Assert.Equal(ExitCodes.InvalidInput, result.ExitCode);
        Assert.Contains("not valid YAML", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_command_line_that_does_not_parse_exits_with_the_invalid_input_code()
    {
        using var cli = new DroverCli(server.BaseAddress, DroverServerFixture.AdminApiKey);
        var result = await cli.RunAsync("agents", "list", "--no-such-flag");

        Assert.Equal(ExitCodes.InvalidInput, result.ExitCode);
        Assert.Contains("--no-such-flag", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_that_is_not_there_exits_with_the_unreachable_code()
    {
        // A port that was just free: nothing listens on it.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        using var cli = new DroverCli(new Uri($"http://127.0.0.1:{port}"), DroverServerFixture.AdminApiKey);
        var result = await cli.RunAsync("agents", "list");

        Assert.Equal(ExitCodes.Unreachable, result.ExitCode);
        Assert.Contains($"cannot reach the server at http://127.0.0.1:{port}/", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("refused", result.Stderr, StringComparison.OrdinalIgnoreCase);
    }
}
