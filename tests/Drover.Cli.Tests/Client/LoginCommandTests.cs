using System.Text.Json;
using Drover.Server.Tests;

namespace Drover.Cli.Tests.Client;

/// <summary><c>drover login</c> checks the key, saves a 0600 profile, and later commands use it; flags and the environment win over it.</summary>
public sealed class LoginCommandTests(DroverServerFixture server) : IClassFixture<DroverServerFixture>
{
    [Fact]
    public async Task Login_saves_a_private_profile_that_later_commands_use()
    {
        using var cli = new DroverCli(baseUrl: null, apiKey: null);
        var login = await cli.RunAsync(["login", "--base-url", server.BaseAddress.ToString(), "--json"], stdin: DroverServerFixture.AdminApiKey + "\n");
        Assert.Equal(ExitCodes.Success, login.ExitCode);
        Assert.Equal("default", JsonDocument.Parse(login.Stdout).RootElement.GetProperty("profile").GetString());
        Assert.DoesNotContain(DroverServerFixture.AdminApiKey, login.Stdout + login.Stderr, StringComparison.Ordinal);

        var file = Path.Combine(cli.ConfigDirectory, "drover", "profiles.json");
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.GetDirectoryName(file)!));
        }

        var saved = JsonDocument.Parse(await File.ReadAllTextAsync(file, TestContext.Current.CancellationToken)).RootElement.GetProperty("default");
        Assert.Equal(DroverServerFixture.AdminApiKey, saved.GetProperty("api_key").GetString());

        var listed = await cli.RunAsync("agents", "list", "--json");
        Assert.Equal(ExitCodes.Success, listed.ExitCode);
        Assert.Equal(JsonValueKind.Array, JsonDocument.Parse(listed.Stdout).RootElement.ValueKind);

        // A flag wins over the profile.
        var badKey = await cli.RunAsync("agents", "list", "--api-key", "sk-drover-wrong-0000000000000000");
        Assert.Equal(ExitCodes.AuthenticationFailed, badKey.ExitCode);
    }

    [Fact]
    public async Task Login_with_a_bad_key_saves_nothing()
    {
        using var cli = new DroverCli(baseUrl: null, apiKey: null);
        var login = await cli.RunAsync("login", "--base-url", server.BaseAddress.ToString(), "--api-key", "sk-drover-wrong-0000000000000000");

        Assert.Equal(ExitCodes.AuthenticationFailed, login.ExitCode);
        Assert.False(File.Exists(Path.Combine(cli.ConfigDirectory, "drover", "profiles.json")));
    }
}
