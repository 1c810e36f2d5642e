using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Drover.FakeModel;
using static Drover.Server.Tests.Harness.Turns;

namespace Drover.Server.Tests.Harness;

/// <summary>
/// <c>file</c> resources and session outputs end to end, with the fake model and real bubblewrap sandboxes: an uploaded
/// file is readable (bash, read, grep) and read-only at its mount path, the session keeps its own copy when the original
/// is deleted, and what it writes to <c>/mnt/session/outputs/</c> is listed under <c>scope_id</c>, downloadable, and
/// deleted with the session.
/// </summary>
public sealed class FileResourceTests(HarnessServerFixture server) : IClassFixture<HarnessServerFixture>
{
    private const string Toolset = """{"model":"claude-sonnet-4-5","tools":[{"type":"agent_toolset_20260401"}]}""";
    private const string Csv = "name,score\nada,42\n";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly HttpClient _http = server.CreateHttpClient();

    [Fact]
    public async Task Mounted_files_are_read_only_and_outputs_become_session_files()
    {
        var fileId = await UploadAsync(Csv, "scores.csv");
        var turns = new Turns(_http);
        var sessionId = await turns.CreateSessionAsync(Toolset, [new { type = "file", file_id = fileId, mount_path = "/data/scores.csv" }, new { type = "file", file_id = fileId }]);
        string[] calls =
        [
            FakeCall("bash", new { command = "cat /mnt/session/uploads/data/scores.csv && ls /mnt/session/uploads" }),
            FakeCall("bash", new { command = "echo tampered > /mnt/session/uploads/data/scores.csv" }),
            FakeCall("read", new { file_path = "/mnt/session/uploads/data/scores.csv" }),
            FakeCall("grep", new { pattern = "ada", path = "/mnt/session/uploads" }),
            FakeCall("write", new { file_path = "/mnt/session/uploads/data/scores.csv", content = "tampered" }),
            FakeCall("bash", new { command = "mkdir -p /mnt/session/outputs/report && printf 'result-42' > /mnt/session/outputs/report/result.txt" }),
        ];
        server.Model.Responder = r => (r.Messages.Count - 1) / 2 is var step && step < calls.Length && r.Messages.Count % 2 == 1
            ? FakeReply.ToolUse(JsonDocument.Parse(calls[step]).RootElement.GetProperty("name").GetString()!, JsonDocument.Parse(calls[step]).RootElement.GetProperty("input").GetRawText())
            : FakeReply.Text("done");

        await turns.SendAsync(sessionId, Message("use the file"));
        var results = (await turns.WaitForIdleAsync(sessionId)).Where(e => Type(e) == "agent.tool_result").ToList();

        Assert.Equal(calls.Length, results.Count);
        var (catOutput, catError) = Output(results[0]);
        Assert.False(catError, catOutput);
        Assert.StartsWith(Csv, catOutput, StringComparison.Ordinal);
        Assert.Contains(fileId, catOutput, StringComparison.Ordinal);
        var (tamperOutput, tamperError) = Output(results[1]);
        Assert.True(tamperError, tamperOutput);
        Assert.Contains("Read-only file system", tamperOutput, StringComparison.Ordinal);
        Assert.Contains("2\tada,42", Output(results[2]).Text, StringComparison.Ordinal);
        Assert.Contains("/mnt/session/uploads/data/scores.csv:2:ada,42", Output(results[3]).Text, StringComparison.Ordinal);
        var (writeOutput, writeError) = Output(results[4]);
        Assert.True(writeError, writeOutput);
        Assert.Contains("read-only", writeOutput, StringComparison.Ordinal);
        Assert.False(Output(results[5]).IsError, Output(results[5]).Text);

        // The upload is unchanged, and the output is listed under the session's scope (it may land just after the idle event).
        Assert.Equal(Csv, await DownloadAsync(fileId));
        var scoped = await WaitForScopedFilesAsync(sessionId);
        var output = Assert.Single(scoped);
        Assert.Equal("result.txt", output.GetProperty("filename").GetString());
        Assert.Equal("text/plain", output.GetProperty("mime_type").GetString());
        Assert.Equal(9, output.GetProperty("size_bytes").GetInt64());
        Assert.True(output.GetProperty("downloadable").GetBoolean());
        Assert.Equal("session", output.GetProperty("scope").GetProperty("type").GetString());
        Assert.Equal(sessionId, output.GetProperty("scope").GetProperty("id").GetString());
        var outputId = output.GetProperty("id").GetString()!;
        Assert.Equal("result-42", await DownloadAsync(outputId));
        Assert.Equal("idle", (await turns.GetSessionAsync(sessionId)).GetProperty("status").GetString());

        // The session has its own copy: deleting the original does not take the mount away, and the output is not re-indexed.
        using (var deleted = await _http.DeleteAsync($"/v1/files/{fileId}", Ct))
        {
            Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        }

        server.Model.Responder = r => r.Messages.Count == 15
            ? FakeReply.ToolUse("bash", """{"command":"cat /mnt/session/uploads/data/scores.csv"}""")
            : FakeReply.Text("still there");
        await turns.SendAsync(sessionId, Message("again"));
        var second = (await turns.WaitForIdleAsync(sessionId, count: 2)).Where(e => Type(e) == "agent.tool_result").ToList();
        Assert.Equal(Csv.TrimEnd(), Output(second[^1]).Text);
        Assert.Equal(outputId, Assert.Single(await WaitForScopedFilesAsync(sessionId)).GetProperty("id").GetString());

        // Deleting the session deletes its outputs and its copies.
        using (var deleted = await _http.DeleteAsync($"/v1/sessions/{sessionId}", Ct))
        {
            Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        }

        using var gone = await _http.GetAsync($"/v1/files/{outputId}", Ct);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.False(Directory.Exists(Path.Combine(server.DataDirectory, "files", "sessions", sessionId)));
        Assert.False(Directory.Exists(Path.Combine(server.DataDirectory, "workspaces", ".mounts", sessionId)));
    }

    private static string FakeCall(string name, object input) => JsonSerializer.Serialize(new { name, input });

    private static (string Text, bool IsError) Output(JsonElement result) =>
        (result.GetProperty("content")[0].GetProperty("text").GetString()!, result.GetProperty("is_error").GetBoolean());

    private async Task<List<JsonElement>> WaitForScopedFilesAsync(string sessionId)
    {
        for (var i = 0; ; i++)
        {
            using var response = await _http.GetAsync($"/v1/files?scope_id={sessionId}", Ct);
            var page = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement;
            var data = page.GetProperty("data").EnumerateArray().Select(e => e.Clone()).ToList();
            if (data.Count > 0 || i == 100)
            {
                return data;
            }

            await Task.Delay(50, Ct);
        }
    }

    private async Task<string> UploadAsync(string text, string filename)
    {
        using var content = new MultipartFormDataContent();
        var file = new StringContent(text);
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        content.Add(file, "file", filename);
        using var response = await _http.PostAsync("/v1/files", content, Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.IsSuccessStatusCode, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("id").GetString()!;
    }

    private async Task<string> DownloadAsync(string fileId) => await _http.GetStringAsync($"/v1/files/{fileId}/content", Ct);
}
