using System.Diagnostics;

namespace Drover.Server.Tests;

/// <summary>
/// Wire compatibility from outside .NET: tests/sdk-ts/wire-check.mjs drives this server with the official
/// TypeScript SDK (@anthropic-ai/sdk 1.10.0, installed by test.sh) and asserts what it gets back.
/// </summary>
public sealed class TypeScriptSdkTests(DroverServerFixture server) : IClassFixture<DroverServerFixture>
{
    [Fact]
    public Task Official_typescript_sdk_creates_sends_lists_and_streams() => RunScriptAsync(server, "wire-check.mjs");

    [Fact]
    public Task Official_typescript_sdk_manages_vaults_and_never_sees_a_secret() => RunScriptAsync(server, "vault-check.mjs");

    /// <summary>Runs <paramref name="script"/> from tests/sdk-ts against <paramref name="server"/>; it must print "all ok".</summary>
    internal static async Task RunScriptAsync(DroverServerFixture server, string script, IReadOnlyDictionary<string, string>? environment = null)
    {
        var folder = Path.Combine(RepositoryRoot(), "tests", "sdk-ts");
        Assert.True(
            Directory.Exists(Path.Combine(folder, "node_modules", "@anthropic-ai", "sdk")),
            $"The TypeScript SDK is not installed: run 'npm ci' in {folder} (test.sh does).");
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            ArgumentList = { script },
            Environment =
            {
                ["DROVER_BASE_URL"] = server.BaseAddress.ToString().TrimEnd('/'),
                ["DROVER_API_KEY"] = DroverServerFixture.AdminApiKey,
            },
        };

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        var output = await stdout + await stderr;
        Assert.True(process.ExitCode == 0, $"{script} failed (exit {process.ExitCode}):\n{output}");
        Assert.Contains("all ok", output, StringComparison.Ordinal);
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Drover.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Drover.slnx not found above the test binaries.");
    }
}
