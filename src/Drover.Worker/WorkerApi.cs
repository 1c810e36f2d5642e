using System.Runtime.CompilerServices;
using System.Text.Json;
using Anthropic;
using Anthropic.Models.Beta.Environments.Work;
using Anthropic.Models.Beta.Sessions.Events;

namespace Drover.Worker;

/// <summary>
/// The calls a worker makes, through the official C# SDK authenticated with the environment key (as the SDK workers
/// do: <c>Authorization: Bearer</c>). Session events come back as JSON, read by their <c>type</c>.
/// </summary>
internal sealed class WorkerApi(AnthropicClient client, WorkerOptions options)
{
    public const string NoHeartbeat = "NO_HEARTBEAT";

    private static readonly Dictionary<string, JsonElement> s_none = [];

    public static AnthropicClient CreateClient(WorkerOptions options) => new()
    {
        AuthToken = options.EnvironmentKey,
        BaseUrl = options.BaseUrl.ToString().TrimEnd('/'),
        MaxRetries = 2,
        Timeout = TimeSpan.FromSeconds(30),
    };

    public async Task<BetaSelfHostedWork?> PollAsync(CancellationToken cancellationToken) =>
        await client.Beta.Environments.Work.Poll(options.EnvironmentId, new WorkPollParams
        {
            BlockMs = options.PollBlockMs,
            AnthropicWorkerID = options.WorkerId,
        }, cancellationToken);

    public Task AckAsync(string workId, CancellationToken cancellationToken) =>
        client.Beta.Environments.Work.Ack(workId, new WorkAckParams { EnvironmentID = options.EnvironmentId }, cancellationToken);

    /// <summary>Extends the lease; throws <see cref="AnthropicBetaHeartbeatPreconditionFailedException"/> (412) when the item is no longer this worker's.</summary>
    public Task<BetaSelfHostedWorkHeartbeatResponse> HeartbeatAsync(string workId, string expectedLastHeartbeat, CancellationToken cancellationToken) =>
        client.Beta.Environments.Work.Heartbeat(workId, new WorkHeartbeatParams
        {
            EnvironmentID = options.EnvironmentId,
            ExpectedLastHeartbeat = expectedLastHeartbeat,
            DesiredTtlSeconds = options.LeaseTtlSeconds,
        }, cancellationToken);

    public Task StopAsync(string workId, CancellationToken cancellationToken) =>
        client.Beta.Environments.Work.Stop(workId, new WorkStopParams { EnvironmentID = options.EnvironmentId, Force = true }, cancellationToken);

    /// <summary>Every event of the session so far, oldest first.</summary>
    public async IAsyncEnumerable<JsonElement> ListEventsAsync(string sessionId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var page = await client.Beta.Sessions.Events.List(sessionId, new EventListParams(), cancellationToken);
        await foreach (var e in page.Paginate(cancellationToken))
        {
            yield return JsonSerializer.SerializeToElement(e);
        }
    }

    /// <summary>The session's newest events first, until <paramref name="stop"/> says an event was seen already.</summary>
    public async Task<List<JsonElement>> ListNewerEventsAsync(string sessionId, Func<JsonElement, bool> stop, CancellationToken cancellationToken)
    {
        var newer = new List<JsonElement>();
        var query = new Dictionary<string, JsonElement> { ["order"] = JsonSerializer.SerializeToElement("desc") };
        var page = await client.Beta.Sessions.Events.List(sessionId, EventListParams.FromRawUnchecked(s_none, query, sessionId), cancellationToken);
        await foreach (var item in page.Paginate(cancellationToken))
        {
            var e = JsonSerializer.SerializeToElement(item);
            if (stop(e))
            {
                break;
            }

            newer.Add(e);
        }

        newer.Reverse();
        return newer;
    }

    /// <summary>The session's events from now on (the stream starts at the request), until cancelled or the server ends the stream.</summary>
    public async IAsyncEnumerable<JsonElement> StreamEventsAsync(string sessionId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var e in client.Beta.Sessions.Events.StreamStreaming(sessionId, new EventStreamParams(), cancellationToken))
        {
            yield return JsonSerializer.SerializeToElement(e);
        }
    }

    /// <summary>Posts <c>user.tool_result</c> (the official shape: content blocks and <c>is_error</c>).</summary>
    public Task SendToolResultAsync(string sessionId, string toolUseId, JsonElement content, bool isError, CancellationToken cancellationToken)
    {
        var body = new Dictionary<string, JsonElement>
        {
            ["events"] = JsonSerializer.SerializeToElement(new[]
            {
                new Dictionary<string, object>
                {
                    ["type"] = "user.tool_result",
                    ["tool_use_id"] = toolUseId,
                    ["content"] = content,
                    ["is_error"] = isError,
                },
            }),
        };
        return client.Beta.Sessions.Events.Send(sessionId, EventSendParams.FromRawUnchecked(s_none, s_none, body, sessionId), cancellationToken);
    }
}
