using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Drover.Server.Tests;

/// <summary>The server as <c>drover serve</c> starts it: real Kestrel on loopback, a real SQLite file.</summary>
public sealed class ServerStartupTests : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("drover-server-");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Serves_health_over_loopback_and_creates_the_database_in_the_data_directory()
    {
        var dataDir = Path.Combine(_root.FullName, "data");
        await using var app = DroverServer.Build(["--urls=http://127.0.0.1:0", $"--Storage:DataDirectory={dataDir}"]);
        await app.StartAsync(Ct);
        using var http = new HttpClient { BaseAddress = new Uri(Address(app)) };

        var response = await http.GetAsync(new Uri("/health", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync(Ct));
        Assert.True(File.Exists(Path.Combine(dataDir, "drover.db")));
        await app.StopAsync(Ct);
    }

    [Fact]
    public async Task Data_directory_flag_wins_over_the_environment_variable()
    {
        var fromFlag = Path.Combine(_root.FullName, "flag");
        var fromEnv = Path.Combine(_root.FullName, "env");

        await using (var app = DroverServer.Build(["--urls=http://127.0.0.1:0", $"--DROVER_DATA_DIR={fromEnv}", $"--Storage:DataDirectory={fromFlag}"]))
        {
            Assert.True(File.Exists(Path.Combine(fromFlag, "drover.db")));
            Assert.False(Directory.Exists(fromEnv));
        }

        await using (var app = DroverServer.Build(["--urls=http://127.0.0.1:0", $"--DROVER_DATA_DIR={fromEnv}"]))
        {
            Assert.True(File.Exists(Path.Combine(fromEnv, "drover.db")));
        }
    }

    [Fact]
    public void Invalid_storage_configuration_fails_the_start_with_a_message_naming_the_setting()
    {
        var error = Assert.Throws<OptionsValidationException>(() =>
            DroverServer.Build(["--urls=http://127.0.0.1:0", $"--Storage:DataDirectory={_root.FullName}", "--Storage:Provider=mysql"]));

        Assert.Contains("Storage:Provider", error.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _root.Delete(recursive: true);
    }

    private static string Address(WebApplication app) =>
        app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
}
