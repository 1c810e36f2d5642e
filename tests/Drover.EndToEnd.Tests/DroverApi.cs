using System.Net.Http.Json;
using System.Text.Json;

namespace Drover.EndToEnd.Tests;

/// <summary>Drives sessions over the HTTP API of one server process: creates agents, environments and sessions, sends events, waits for idle.</summary>
internal sealed class DroverApi(HttpClient http) : IDisposable
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public DroverApi(ServerProcess server)
        : this(server.CreateClient())
    {
    }

    /// <summary>Creates an agent (with <paramref name="agentJson"/>'s members), a cloud environment and a session; returns the session id.</summary>
    public async Task<string> CreateSessionAsync(string agentJson = """{"model":"claude-sonnet-4-5"}""")
    {
        var agentBody = new Dictionary<string, object?> { ["name"] = "agent-" + Guid.NewGuid().ToString("N")[..8] };
        foreach (var member in JsonDocument.Parse(agentJson).RootElement.EnumerateObject())
        {
            agentBody[member.Name] = member.Value.Clone();
        }

        var agentId = (await PostAsync("/v1/agents", agentBody)).GetProperty("id").GetString()!;
        var environment = new { name = "env-" + Guid.NewGuid().ToString("N")[..8], config = new { type = "cloud" } };
        var environmentId = (await PostAsync("/v1/environments", environment)).GetProperty("id").GetString()!;
        return (await PostAsync("/v1/sessions", new { agent = agentId, environment_id = environmentId })).GetProperty("id").GetString()!;
    }

    public Task<JsonElement> SendAsync(string sessionId, params string[] eventsJson) =>
        PostAsync($"/v1/sessions/{sessionId}/events", JsonDocument.Parse($"{{\"events\":[{string.Join(',', eventsJson)}]}}").RootElement);

    public static string Message(string text) => JsonSerializer.Serialize(new { type = "user.message", content = new[] { new { type = "text", text } } });

    public static string CustomToolResult(string toolUseId, string text) =>
        JsonSerializer.Serialize(new { type = "user.custom_tool_result", custom_tool_use_id = toolUseId, content = new[] { new { type = "text", text } } });

    /// <summary>All events of the session, oldest first.</summary>
    public async Task<List<JsonElement>> EventsAsync(string sessionId)
    {
        var page = await http.GetFromJsonAsync<JsonElement>($"/v1/sessions/{sessionId}/events?limit=1000", Ct);
        return [.. page.GetProperty("data").EnumerateArray().Select(e => e.Clone())];
    }

    /// <summary>Waits until the session has <paramref name="count"/> <c>session.status_idle</c> events; returns all events.</summary>
    public async Task<List<JsonElement>> WaitForIdleAsync(string sessionId, int count = 1, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var events = await EventsAsync(sessionId);
            if (events.Count(e => Type(e) == "session.status_idle") >= count)
            {
                return events;
            }

            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Session {sessionId} did not go idle {count} time(s); events: {string.Join(", ", events.Select(Type))}");
            }

            await Task.Delay(50, Ct);
        }
    }

    public async Task<JsonElement> GetSessionAsync(string sessionId) => await http.GetFromJsonAsync<JsonElement>($"/v1/sessions/{sessionId}", Ct);

    public static string Type(JsonElement e) => e.GetProperty("type").GetString()!;

    public void Dispose() => http.Dispose();

    private async Task<JsonElement> PostAsync(string path, object body)
    {
        using var response = await http.PostAsJsonAsync(path, body, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.IsSuccessStatusCode, $"POST {path}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
