using System.Text.Json;
using System.Text.RegularExpressions;
using Drover.Events;
using Drover.Ids;
using Drover.Server.Api;
using Drover.Server.Events;

namespace Drover.Server.Sessions;

/// <summary>
/// Reads a <c>POST /v1/sessions</c> body. Shape errors are 400s naming the field and the rule; ids of the
/// wrong kind are 404s naming the field. Nothing is looked up here.
/// </summary>
internal static partial class SessionCreateReader
{
    public const int MaxTitleLength = 500;
    public const int MaxVaults = 50;
    public const int MaxInitialEvents = 50;

    private static readonly HashSet<string> s_fields = ["agent", "environment_id", "title", "metadata", "resources", "vault_ids", "initial_events", "budget"];
    private static readonly HashSet<string> s_agentFields = ["type", "id", "version"];
    private static readonly HashSet<string> s_budgetFields = ["type", "max_list_cost"];
    private static readonly HashSet<string> s_amountFields = ["amount", "currency"];
    private static readonly HashSet<string> s_initialEventTypes = [EventTypes.UserMessage, EventTypes.UserDefineOutcome];

    public static SessionCreateRequest Read(JsonElement body, DateTimeOffset now)
    {
        Fields.RejectUnknown(body, s_fields);
        var agent = ReadAgent(body);
        var environmentId = Fields.RequiredString(body, "environment_id", maxLength: 255);
        if (!DroverIds.HasPrefix(environmentId, DroverIds.Environment))
        {
            throw ApiException.NotFound($"environment_id: '{environmentId}' is not an environment id (they look like env_...).");
        }

        return new SessionCreateRequest(
            agent,
            environmentId,
            Fields.OptionalString(body, "title", MaxTitleLength),
            Metadata.Read(body),
            SessionResourceReader.Read(body, now),
            ReadVaultIds(body),
            ReadInitialEvents(body),
            ReadBudget(body));
    }

    private static AgentReference ReadAgent(JsonElement body)
    {
        if (!body.TryGetProperty("agent", out var agent) || agent.ValueKind == JsonValueKind.Null)
        {
            throw ApiException.InvalidRequest("agent: required; an agent id (agent_...) or {\"type\": \"agent\", \"id\": \"agent_...\", \"version\": n}.");
        }

        if (agent.ValueKind == JsonValueKind.String)
        {
            return new AgentReference(RequireAgentId(agent.GetString()!, "agent"), null, "agent");
        }

        if (agent.ValueKind != JsonValueKind.Object)
        {
            throw ApiException.InvalidRequest("agent: must be an agent id string or an object {\"type\": \"agent\", \"id\": ..., \"version\": ...}.");
        }

        var type = Fields.RequiredString(agent, "type", maxLength: 64, path: "agent.");
        if (type == "agent_with_overrides")
        {
            throw ApiException.InvalidRequest("agent.type: 'agent_with_overrides' is not supported by Drover yet; pass the agent id or {\"type\": \"agent\", \"id\": ..., \"version\": ...}.");
        }

        if (type != "agent")
        {
            throw ApiException.InvalidRequest($"agent.type: must be 'agent', not '{type}'.");
        }

        Fields.RejectUnknown(agent, s_agentFields, "agent.");
        var id = RequireAgentId(Fields.RequiredString(agent, "id", maxLength: 255, path: "agent."), "agent.id");
        return new AgentReference(id, Fields.OptionalInt(agent, "version", min: 1, max: int.MaxValue, path: "agent."), "agent.id");
    }

    private static string RequireAgentId(string id, string field) =>
        DroverIds.HasPrefix(id, DroverIds.Agent) ? id : throw ApiException.NotFound($"{field}: '{id}' is not an agent id (they look like agent_...).");

    private static List<string> ReadVaultIds(JsonElement body)
    {
        var result = new List<string>();
        if (Fields.OptionalArray(body, "vault_ids", MaxVaults) is not { } array)
        {
            return result;
        }

        var index = 0;
        foreach (var item in array.EnumerateArray())
        {
            var at = $"vault_ids[{index++}]";
            var id = item.ValueKind == JsonValueKind.String ? item.GetString()! : throw ApiException.InvalidRequest($"{at}: must be a vault id string.");
            if (!DroverIds.HasPrefix(id, DroverIds.Vault))
            {
                throw ApiException.NotFound($"{at}: '{id}' is not a vault id (they look like vlt_...).");
            }

            if (result.Contains(id, StringComparer.Ordinal))
            {
                throw ApiException.InvalidRequest($"{at}: '{id}' is listed twice.");
            }

            result.Add(id);
        }

        return result;
    }

    private static List<SessionEvent> ReadInitialEvents(JsonElement body)
    {
        if (Fields.OptionalArray(body, "initial_events", MaxInitialEvents) is not { } array)
        {
            return [];
        }

        var events = UserEventReader.ReadList(array, "initial_events", s_initialEventTypes);
        var outcomes = events.Select((e, i) => (e, i)).Where(x => x.e is UserDefineOutcomeEvent).Select(x => x.i).ToList();
        return outcomes.Count <= 1
            ? events
            : throw ApiException.InvalidRequest($"initial_events[{outcomes[1]}]: at most one user.define_outcome event; initial_events[{outcomes[0]}] is one already.");
    }

    private static BudgetLimit? ReadBudget(JsonElement body)
    {
        if (Fields.OptionalObject(body, "budget") is not { } budget)
        {
            return null;
        }

        Fields.RejectUnknown(budget, s_budgetFields, "budget.");
        var type = Fields.RequiredString(budget, "type", maxLength: 16, path: "budget.");
        if (type != BudgetLimit.LimitType)
        {
            throw ApiException.InvalidRequest($"budget.type: must be '{BudgetLimit.LimitType}', not '{type}'.");
        }

        var cost = Fields.OptionalObject(budget, "max_list_cost", "budget.") ?? throw ApiException.InvalidRequest("budget.max_list_cost: required object {\"amount\": \"<cents>\", \"currency\": \"USD\"}.");
        Fields.RejectUnknown(cost, s_amountFields, "budget.max_list_cost.");
        var amount = Fields.RequiredString(cost, "amount", maxLength: 18, path: "budget.max_list_cost.");
        if (!MinorUnits().IsMatch(amount))
        {
            throw ApiException.InvalidRequest($"budget.max_list_cost.amount: must be a positive whole number of cents as a string, such as \"2500\"; got '{amount}'.");
        }

        var currency = Fields.RequiredString(cost, "currency", maxLength: 3, path: "budget.max_list_cost.");
        return currency == "USD"
            ? new BudgetLimit { MaxListCost = new MonetaryAmount { Amount = amount, Currency = currency } }
            : throw ApiException.InvalidRequest($"budget.max_list_cost.currency: must be 'USD', not '{currency}'.");
    }

    [GeneratedRegex("^[1-9][0-9]{0,17}\\z", RegexOptions.CultureInvariant)]
    private static partial Regex MinorUnits();
}
