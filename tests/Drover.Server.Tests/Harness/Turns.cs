using System.Net.Http.Json;
using System.Text.Json;

namespace Drover.Server.Tests.Harness;

/// <summary>Drives sessions over the HTTP API: creates an agent, environment and session, sends events, waits for the session to go idle.</summary>
internal sealed class Turns(HttpClient http)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Creates an agent (from <paramref name="agentJson"/>'s members), a cloud environment and a session; returns the session id.</summary>
    public async Task<string> CreateSessionAsync(string agentJson = """{"model":"claude-sonnet-4-5"}""", object[]? resources = null)
    {
        var agent = JsonDocument.Parse(agentJson).RootElement;
        var agentBody = new Dictionary<string, object?> { ["name"] = "agent-" + Guid.NewGuid().ToString("N")[..8] };
        foreach (var member in agent.EnumerateObject())
        {
            agentBody[member.Name] = member.Value;
        }

        var agentId = (await PostAsync("/v1/agents", agentBody)).GetProperty("id").GetString()!;
        var environmentId = (await PostAsync("/v1/environments", new { name = "env-" + Guid.NewGuid().ToString("N")[..8], config = new { type = "cloud" } })).GetProperty("id").GetString()!;
        object session = resources is null ? new { agent = agentId, environment_id = environmentId } : new { agent = agentId, environment_id = environmentId, resources };
        return (await PostAsync("/v1/sessions", session)).GetProperty("id").GetString()!;
    }

    public Task<JsonElement> SendAsync(string sessionId, params string[] eventsJson) =>
        PostAsync($"/v1/sessions/{sessionId}/events", JsonDocument.Parse($"{{\"events\":[{string.Join(',', eventsJson)}]}}").RootElement);

    public static string Message(string text) => JsonSerializer.Serialize(new { type = "user.message", content = new[] { new { type = "text", text } } });

    public async Task<HttpResponseMessage> SendRawAsync(string sessionId, string eventsJson) =>
        await http.PostAsync($"/v1/sessions/{sessionId}/events", new StringContent($"{{\"events\":[{eventsJson}]}}", System.Text.Encoding.UTF8, "application/json"), Ct);

    /// <summary>All events of the session, oldest first.</summary>
    public async Task<List<JsonElement>> EventsAsync(string sessionId)
    {
        var page = await http.GetFromJsonAsync<JsonElement>($"/v1/sessions/{sessionId}/events?limit=1000", Ct);
        return [.. page.GetProperty("data").EnumerateArray().Select(e => e.Clone())];
    }

    /// <summary>Waits until the session has <paramref name="count"/> <c>session.status_idle</c> events; returns all events.</summary>
    public async Task<List<JsonElement>> WaitForIdleAsync(string sessionId, int count = 1, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
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

            await Task.Delay(25, Ct);
        }
    }

    public async Task<JsonElement> GetSessionAsync(string sessionId) => await http.GetFromJsonAsync<JsonElement>($"/v1/sessions/{sessionId}", Ct);

    public static string Type(JsonElement e) => e.GetProperty("type").GetString()!;

    /// <summary>The event types from the first <c>user.message</c> on, without user events sent later: the harness's sequence.</summary>
    public static List<string> Types(IEnumerable<JsonElement> events) => [.. events.Select(Type)];

    private async Task<JsonElement> PostAsync(string path, object body)
    {
        using var response = await http.PostAsJsonAsync(path, body, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.IsSuccessStatusCode, $"POST {path}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
