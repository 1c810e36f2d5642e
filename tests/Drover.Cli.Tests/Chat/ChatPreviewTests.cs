using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Drover.FakeModel;
using Drover.Server.Tests;
using Drover.Server.Tests.Harness;

namespace Drover.Cli.Tests.Chat;

/// <summary><c>drover chat</c> with live previews: a server whose harness streams from the fake model.</summary>
public sealed class ChatPreviewTests(HarnessServerFixture server) : IClassFixture<HarnessServerFixture>
{
    private const string Reply = "words that appear while the model is still answering";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_agent_text_shows_before_the_message_is_logged()
    {
        var http = server.CreateHttpClient();
        var agent = await PostAsync(http, "/v1/agents", new { name = "chat-" + Guid.NewGuid().ToString("N")[..8], model = "claude-sonnet-4-5" });
        var environment = await PostAsync(http, "/v1/environments", new { name = "chat-env-" + Guid.NewGuid().ToString("N")[..8], config = new { type = "cloud" } });
        var gate = new FakeGate();
        server.Model.Responder = _ => FakeReply.Text(Reply).WithChunks(4).Hold(gate);

        using var cli = new DroverCli(server.BaseAddress, DroverServerFixture.AdminApiKey);
        using var process = Process.Start(cli.StartInfo(["chat", agent, "-e", environment]))!;
        var output = new StringBuilder();
        var reading = ReadAllAsync(process.StandardOutput, output);
        try
        {
            await process.StandardInput.WriteLineAsync("hello");
            await process.StandardInput.FlushAsync(Ct);
            await gate.Reached.WaitAsync(TimeSpan.FromSeconds(30), Ct);

            // The response is held open after its text: what the chat shows now came from previews.
            await WaitForAsync(() => Shown(output).Contains(Reply, StringComparison.Ordinal), output, process);
            var sessionId = (await http.GetFromJsonAsync<JsonElement>("/v1/sessions?limit=100", Ct)).GetProperty("data").EnumerateArray()
                .First(s => s.GetProperty("agent").GetProperty("id").GetString() == agent).GetProperty("id").GetString();
            var events = await http.GetFromJsonAsync<JsonElement>($"/v1/sessions/{sessionId}/events", Ct);
            Assert.DoesNotContain(events.GetProperty("data").EnumerateArray(), e => e.GetProperty("type").GetString() == "agent.message");

            // Once logged, the message is not printed a second time.
            gate.Release();
            await WaitForAsync(() => Shown(output).Contains("idle", StringComparison.Ordinal) || Shown(output).Split(ChatPrompt).Length > 2, output, process);
            await Task.Delay(500, Ct);
            Assert.Equal(1, CountOf(Shown(output), Reply));
        }
        finally
        {
            gate.Release();
            process.StandardInput.Close();
            if (!process.WaitForExit(10_000))
            {
                process.Kill(entireProcessTree: true);
            }

            await reading;
            TestContext.Current.TestOutputHelper?.WriteLine(Shown(output));
        }
    }

    private const string ChatPrompt = "you> ";

    private static async Task ReadAllAsync(StreamReader reader, StringBuilder into)
    {
        var buffer = new char[256];
        int read;
        while ((read = await reader.ReadAsync(buffer)) > 0)
        {
            lock (into)
            {
                into.Append(buffer, 0, read);
            }
        }
    }

    private static string Shown(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }

    private static int CountOf(string text, string part)
    {
        var count = 0;
        for (var at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + part.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    private static async Task WaitForAsync(Func<bool> condition, StringBuilder output, Process process)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline && !process.HasExited, $"drover chat showed (exited: {process.HasExited}):{Environment.NewLine}{Shown(output)}");
            await Task.Delay(25, Ct);
        }
    }

    private static async Task<string> PostAsync(HttpClient http, string path, object body)
    {
        using var response = await http.PostAsJsonAsync(path, body, Ct);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetString()!;
    }
}
