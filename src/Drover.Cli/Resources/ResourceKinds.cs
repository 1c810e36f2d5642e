using System.Runtime.CompilerServices;
using Anthropic.Core;
using Anthropic.Models.Beta.Agents;
using Anthropic.Models.Beta.Environments;
using Anthropic.Models.Beta.Sessions;
using Anthropic.Models.Beta.Vaults;
using static Drover.Cli.Resources.ResourceKind;

namespace Drover.Cli.Resources;

/// <summary>The resource kinds of the client commands, each mapped onto the official SDK's Beta services.</summary>
internal static class ResourceKinds
{
    private const int MaxPageSize = 100;

    private static readonly FieldFlag s_metadata = new("--metadata", "metadata", FieldKind.Map, "Metadata as key=value (repeatable; key= removes a key on update).");
    private static readonly FieldFlag s_description = new("--description", "description", FieldKind.Text, "A description.");

    public static ResourceKind Agents { get; } = new()
    {
        Plural = "agents",
        Singular = "agent",
        Fields =
        [
            new("--name", "name", FieldKind.Text, "The agent's name."),
            new("--model", "model", FieldKind.Text, "The model id (e.g. claude-sonnet-4-5)."),
            new("--system", "system", FieldKind.Text, "The system prompt."),
            s_description,
            s_metadata,
        ],
        Columns = [Column.Field("ID", "id"), Column.Field("NAME", "name"), Column.Field("MODEL", "model.id"), Column.Field("VERSION", "version"), Column.Field("CREATED", "created_at"), Column.Field("ARCHIVED", "archived_at")],
        Create = async (sdk, body, ct) => await sdk.Beta.Agents.Create(AgentCreateParams.FromRawUnchecked(None, None, Raw(body)), ct),
        List = (sdk, q, ct) => Items<BetaManagedAgentsAgent>(async () => await sdk.Beta.Agents.List(new AgentListParams { Limit = PageSize(q), IncludeArchived = q.IncludeArchived }, ct), q.Limit, ct),
        Get = async (sdk, id, ct) => await sdk.Beta.Agents.Retrieve(id, cancellationToken: ct),
        Update = async (sdk, id, body, ct) => await sdk.Beta.Agents.Update(id, AgentUpdateParams.FromRawUnchecked(None, None, Raw(body), id), ct),
        Archive = async (sdk, id, ct) => await sdk.Beta.Agents.Archive(id, cancellationToken: ct),
    };

    public static ResourceKind Environments { get; } = new()
    {
        Plural = "environments",
        Singular = "environment",
        Fields =
        [
            new("--name", "name", FieldKind.Text, "The environment's name."),
            new("--type", "config.type", FieldKind.Text, "The environment's kind: cloud (sandboxes on the server) or self_hosted (your workers)."),
            s_description,
            s_metadata,
        ],
        Columns = [Column.Field("ID", "id"), Column.Field("NAME", "name"), Column.Field("TYPE", "config.type"), Column.Field("CREATED", "created_at"), Column.Field("ARCHIVED", "archived_at")],
        Create = async (sdk, body, ct) => await sdk.Beta.Environments.Create(EnvironmentCreateParams.FromRawUnchecked(None, None, Raw(body)), ct),
        List = (sdk, q, ct) => Items<BetaEnvironment>(async () => await sdk.Beta.Environments.List(new EnvironmentListParams { Limit = PageSize(q), IncludeArchived = q.IncludeArchived }, ct), q.Limit, ct),
        Get = async (sdk, id, ct) => await sdk.Beta.Environments.Retrieve(id, cancellationToken: ct),
        Update = async (sdk, id, body, ct) => await sdk.Beta.Environments.Update(id, EnvironmentUpdateParams.FromRawUnchecked(None, None, Raw(body), id), ct),
        Archive = async (sdk, id, ct) => await sdk.Beta.Environments.Archive(id, cancellationToken: ct),
    };

    public static ResourceKind Sessions { get; } = new()
    {
        Plural = "sessions",
        Singular = "session",
        Fields =
        [
            new("--agent", "agent", FieldKind.Text, "The agent's id (create only)."),
            new("--environment", "environment_id", FieldKind.Text, "The environment's id (create only)."),
            new("--title", "title", FieldKind.Text, "A title."),
            new("--vault", "vault_ids", FieldKind.List, "A vault id (repeatable)."),
            s_metadata,
        ],
        Columns = [Column.Field("ID", "id"), Column.Field("STATUS", "status"), Column.Field("AGENT", "agent.id"), Column.Field("TITLE", "title"), Column.Field("CREATED", "created_at"), Column.Field("ARCHIVED", "archived_at")],
        HasSessionFilters = true,
        Create = async (sdk, body, ct) => await sdk.Beta.Sessions.Create(SessionCreateParams.FromRawUnchecked(None, None, Raw(body)), ct),
        List = (sdk, q, ct) => Items<BetaManagedAgentsSession>(
            async () => await sdk.Beta.Sessions.List(new SessionListParams { Limit = PageSize(q), IncludeArchived = q.IncludeArchived, AgentID = q.AgentId, Statuses = q.Statuses.Count == 0 ? null : [.. q.Statuses] }, ct),
            q.Limit,
            ct),
        Get = async (sdk, id, ct) => await sdk.Beta.Sessions.Retrieve(id, cancellationToken: ct),
        Update = async (sdk, id, body, ct) => await sdk.Beta.Sessions.Update(id, SessionUpdateParams.FromRawUnchecked(None, None, Raw(body), id), ct),
        Archive = async (sdk, id, ct) => await sdk.Beta.Sessions.Archive(id, cancellationToken: ct),
    };

    public static ResourceKind Vaults { get; } = new()
    {
        Plural = "vaults",
        Singular = "vault",
        Fields = [new("--name", "display_name", FieldKind.Text, "The vault's display name."), s_metadata],
        Columns = [Column.Field("ID", "id"), Column.Field("NAME", "display_name"), Column.Field("CREATED", "created_at"), Column.Field("ARCHIVED", "archived_at")],
        Create = async (sdk, body, ct) => await sdk.Beta.Vaults.Create(VaultCreateParams.FromRawUnchecked(None, None, Raw(body)), ct),
        List = (sdk, q, ct) => Items<BetaManagedAgentsVault>(async () => await sdk.Beta.Vaults.List(new VaultListParams { Limit = PageSize(q), IncludeArchived = q.IncludeArchived }, ct), q.Limit, ct),
        Get = async (sdk, id, ct) => await sdk.Beta.Vaults.Retrieve(id, cancellationToken: ct),
        Update = async (sdk, id, body, ct) => await sdk.Beta.Vaults.Update(id, VaultUpdateParams.FromRawUnchecked(None, None, Raw(body), id), ct),
        Archive = async (sdk, id, ct) => await sdk.Beta.Vaults.Archive(id, cancellationToken: ct),
    };

    private static int PageSize(ListQuery query) => Math.Clamp(query.Limit, 1, MaxPageSize);

    // Follows the pages (the SDK's Paginate) until the limit.
    private static async IAsyncEnumerable<object> Items<T>(Func<Task<IPage<T>>> first, int limit, [EnumeratorCancellation] CancellationToken cancellationToken)
        where T : notnull
    {
        var page = await first();
        var count = 0;
        await foreach (var item in page.Paginate(cancellationToken))
        {
            if (count++ >= limit)
            {
                yield break;
            }

            yield return item;
        }
    }
}
