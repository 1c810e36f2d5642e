using System.Text.Json;
using Drover.Events;
using Drover.Ids;
using Drover.Resources;
using Drover.Server.Api;
using Drover.Server.Events;
using Drover.Server.Files;
using Drover.Server.SelfHosted;
using Drover.Harness.Wake;
using Drover.Sessions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Drover.Server.Sessions;

/// <summary><c>/v1/sessions</c>: create, retrieve, update, list, archive and delete sessions.</summary>
internal static partial class SessionEndpoints
{
    public static IServiceCollection AddSessions(this IServiceCollection services)
    {
        services.TryAddSingleton<SessionStore>();
        return services;
    }

    public static RouteGroupBuilder MapSessions(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/v1/sessions");
        group.MapPost("", CreateAsync);
        group.MapGet("", ListAsync);
        group.MapGet("/{session_id}", RetrieveAsync).AllowEnvironmentKey(EnvironmentKeyScope.HeldSession);
        group.MapPost("/{session_id}", UpdateAsync);
        group.MapPost("/{session_id}/archive", ArchiveAsync);
        group.MapDelete("/{session_id}", DeleteAsync);
        return group;
    }

    private static async Task<IResult> CreateAsync(
        HttpRequest request,
        SessionStore sessions,
        IResourceStore resources,
        FileStore files,
        WakeSignal wake,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        using var body = await JsonBody.ReadObjectAsync(request, cancellationToken);
        var now = Now(time);
        var input = SessionCreateReader.Read(body.RootElement, now);
        var agent = await ResolveAgentAsync(resources, input.Agent, cancellationToken);
        await CheckEnvironmentAsync(resources, input, cancellationToken);
        await CheckVaultsAsync(resources, input.VaultIds, cancellationToken);
        var sessionId = DroverIds.New(DroverIds.Session, time);
        await files.CopyForSessionAsync(sessionId, input.Resources, cancellationToken);

        var document = new SessionDocument
        {
            Id = sessionId,

            // Idle even with initial events: like events sent later, they wait in the log until a harness takes
            // the session and reports it running, so a session never claims to run with nothing running it.
            Status = SessionStatuses.Idle,
            Title = input.Title,
            Agent = agent,
            EnvironmentId = input.EnvironmentId,
            Resources = [.. input.Resources.Select(r => r.Document)],
            VaultIds = input.VaultIds,
            Metadata = input.Metadata,
            Usage = EmptyUsage(),
            Budget = input.Budget,
            CreatedAt = now,
            UpdatedAt = now,
        };
        var tokens = input.Resources.Where(r => r.AuthorizationToken is not null).ToDictionary(r => r.Id!, r => r.AuthorizationToken!, StringComparer.Ordinal);

        // Initial events are appended exactly as POST .../events would, right after the session exists.
        var initialEvents = UserEventReader.Accept(input.InitialEvents, time);
        ResourceRecord record;
        try
        {
            record = await sessions.CreateAsync(document, initialEvents, tokens.Count > 0 ? new SessionCredentials(tokens) : null, cancellationToken);
        }
        catch
        {
            files.DeleteSessionCopies(sessionId);
            throw;
        }

        if (SessionWork.Wakes(initialEvents))
        {
            wake.Ring(document.Id);
        }

        return Session(record, now);
    }

    private static async Task<IResult> RetrieveAsync(
        [FromRoute(Name = "session_id")] string sessionId,
        SessionStore sessions,
        TimeProvider time,
        CancellationToken cancellationToken) =>
        Session(await sessions.GetAsync(sessionId, cancellationToken), time.GetUtcNow());

    /// <summary>The agent version the request names, as a session snapshot; 404 when there is none, 400 when the agent is archived.</summary>
    private static async Task<JsonElement> ResolveAgentAsync(IResourceStore resources, AgentReference reference, CancellationToken cancellationToken)
    {
        var field = reference.Field;
        var current = await resources.GetAsync(StoredKinds.Agent, reference.Id, cancellationToken: cancellationToken)
            ?? throw ApiException.NotFound($"{field}: no agent has id '{reference.Id}'.");
        if (current.ArchivedAt is not null)
        {
            throw ApiException.InvalidRequest($"{field}: agent '{reference.Id}' is archived; archived agents cannot start new sessions.");
        }

        var chosen = reference.Version is { } version && version != current.Version
            ? await resources.GetAsync(StoredKinds.Agent, reference.Id, version, cancellationToken)
                ?? throw ApiException.NotFound($"agent.version: agent '{reference.Id}' has no version {version}; its latest is {current.Version}.")
            : current;
        using var agent = JsonDocument.Parse(chosen.Data);
        return await AgentSnapshot.ResolveAsync(resources, agent.RootElement, cancellationToken);
    }

    /// <summary>Every vault must exist and not be archived (running sessions keep working when a vault is archived later).</summary>
    private static async Task CheckVaultsAsync(IResourceStore resources, IReadOnlyList<string> vaultIds, CancellationToken cancellationToken)
    {
        for (var i = 0; i < vaultIds.Count; i++)
        {
            var vault = await resources.GetAsync(Vaults.VaultStore.VaultKind, vaultIds[i], cancellationToken: cancellationToken)
                ?? throw ApiException.NotFound($"vault_ids[{i}]: no vault has id '{vaultIds[i]}'.");
            if (vault.ArchivedAt is not null)
            {
                throw ApiException.InvalidRequest($"vault_ids[{i}]: vault '{vaultIds[i]}' is archived; archived vaults cannot be used by new sessions.");
            }
        }
    }

    /// <summary>The environment must exist and not be archived; a self-hosted one takes only memory store resources.</summary>
    private static async Task CheckEnvironmentAsync(IResourceStore resources, SessionCreateRequest input, CancellationToken cancellationToken)
    {
        var environment = await resources.GetAsync(StoredKinds.Environment, input.EnvironmentId, cancellationToken: cancellationToken)
            ?? throw new ApiException(StatusCodes.Status404NotFound, ApiErrorTypes.NotFound, $"environment_id: no environment has id '{input.EnvironmentId}'.", "environment_not_found");
        if (environment.ArchivedAt is not null)
        {
            throw ApiException.InvalidRequest($"environment_id: environment '{input.EnvironmentId}' is archived; archived environments cannot start new sessions.", "environment_archived");
        }

        using var data = JsonDocument.Parse(environment.Data);
        var selfHosted = data.RootElement.TryGetProperty("config", out var config) && config.ValueKind == JsonValueKind.Object
            && config.TryGetProperty("type", out var type) && type.ValueEquals("self_hosted");
        var sandboxResource = input.Resources.Select((r, i) => (r.Type, Index: i)).FirstOrDefault(r => r.Type != SessionResourceReader.MemoryStore);
        if (selfHosted && sandboxResource.Type is not null)
        {
            throw ApiException.InvalidRequest($"resources[{sandboxResource.Index}].type: environment '{input.EnvironmentId}' is self-hosted; only memory_store resources are supported there, not {sandboxResource.Type}.");
        }
    }

    private static SessionUsage EmptyUsage() => new()
    {
        InputTokens = 0,
        OutputTokens = 0,
        CacheReadInputTokens = 0,
        CacheCreation = new CacheCreationUsage { Ephemeral5mInputTokens = 0, Ephemeral1hInputTokens = 0 },
        ListCost = new MonetaryAmount { Amount = "0", Currency = "USD" },
        ActiveSeconds = 0,
        ServerToolUse = new ServerToolUsage { WebSearchRequests = 0, WebFetchRequests = 0 },
    };

    /// <summary>The session as a response: the stored document with its duration as of <paramref name="now"/>.</summary>
    private static ContentHttpResult Session(ResourceRecord record, DateTimeOffset now) =>
        TypedResults.Text(SessionJson.ForResponse(record, now), "application/json");

    /// <summary>The clock to the millisecond, which is what the resource store keeps, so documents and records agree.</summary>
    private static DateTimeOffset Now(TimeProvider time) =>
        DateTimeOffset.FromUnixTimeMilliseconds(time.GetUtcNow().ToUnixTimeMilliseconds());
}
