namespace Drover.Server.Tests;

/// <summary>
/// Wire compatibility from outside .NET: tests/sdk-ts/wire-check.mjs drives this server with the official
/// TypeScript SDK (@anthropic-ai/sdk 1.10.0, installed by test.sh) and asserts what it gets back.
/// </summary>
public sealed class TypeScriptSdkTests(DroverServerFixture server) : IClassFixture<DroverServerFixture>
{
    [Fact]
    public async Task Official_typescript_sdk_creates_sends_lists_and_streams()
    {
        var folder = Path.Combine(NodeScript.RepositoryRoot(), "tests", "sdk-ts");
        Assert.True(
            Directory.Exists(Path.Combine(folder, "node_modules", "@anthropic-ai", "sdk")),
            $"The TypeScript SDK is not installed: run 'npm ci' in {folder} (test.sh does).");
        var (exitCode, output) = await NodeScript.RunAsync(
            "node",
            folder,
            "wire-check.mjs",
            new Dictionary<string, string>
            {
                ["DROVER_BASE_URL"] = server.BaseAddress.ToString().TrimEnd('/'),
                ["DROVER_API_KEY"] = DroverServerFixture.AdminApiKey,
            },
            TimeSpan.FromSeconds(60));

        Assert.True(exitCode == 0, $"wire-check.mjs failed (exit {exitCode}):\n{output}");
        Assert.Contains("all ok", output, StringComparison.Ordinal);
    }
}
