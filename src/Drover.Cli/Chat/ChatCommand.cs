using System.CommandLine;
using System.Text.Json.Nodes;
using Drover.Cli.Client;
using Drover.Cli.Resources;

namespace Drover.Cli.Chat;

/// <summary>
/// <c>drover chat AGENT [--environment ID]</c>: starts a session with the agent (given by id or name) and talks with it
/// on the terminal (<see cref="ChatSession"/>). Without <c>--environment</c> it uses the first cloud environment, and
/// creates one named <c>drover-chat</c> when there is none.
/// </summary>
internal static class ChatCommand
{
    private const string DefaultEnvironmentName = "drover-chat";

    public static Command Create(ClientOptions options)
    {
        var agent = new Argument<string>("agent") { Description = "The agent: its id (agent_...) or its name." };
        var environment = new Option<string?>("--environment", "-e") { Description = "The environment's id (default: the first cloud environment)." };
        var title = new Option<string?>("--title") { Description = "The session's title." };
        var command = options.AddTo(new Command("chat", "Start a session with an agent and talk with it.") { agent, environment, title });

        // A synchronous action on purpose: System.CommandLine ends an async action's process a moment after Ctrl-C,
        // and here Ctrl-C means "interrupt the agent" (ChatSession handles SIGINT itself).
        command.SetAction(parse => ClientCommand.RunAsync(parse, options, (context, ct) => RunAsync(context, agent, environment, title, ct), CancellationToken.None).GetAwaiter().GetResult());
        return command;
    }

    private static async Task<int> RunAsync(CliContext context, Argument<string> agentArgument, Option<string?> environmentOption, Option<string?> titleOption, CancellationToken cancellationToken)
    {
        var output = context.Output;
        var agentId = await ResolveAgentAsync(context, context.Parse.GetValue(agentArgument)!, cancellationToken);
        var environmentId = context.Parse.GetValue(environmentOption) ?? await DefaultEnvironmentAsync(context, cancellationToken);
        var body = new JsonObject { ["agent"] = agentId, ["environment_id"] = environmentId };
        if (context.Parse.GetValue(titleOption) is { } title)
        {
            body["title"] = title;
        }

        var session = ResourceCommand.JsonOf(await ResourceKinds.Sessions.Create(context.Sdk, body, cancellationToken));
        var sessionId = session.GetProperty("id").GetString()!;
        output.Info($"session {sessionId} (agent {agentId}, environment {environmentId}). Ctrl-C interrupts the agent, Ctrl-D ends the chat.");
        var chat = new ChatSession(context, sessionId, new ChatRenderer(output.Human), TimeProvider.System);
        return await chat.RunAsync(ConsoleLines.Start(Console.In), cancellationToken);
    }

    private static async Task<string> ResolveAgentAsync(CliContext context, string agent, CancellationToken cancellationToken)
    {
        if (agent.StartsWith("agent_", StringComparison.Ordinal))
        {
            return agent;
        }

        await foreach (var item in ResourceKinds.Agents.List(context.Sdk, new ListQuery(int.MaxValue, false, null, []), cancellationToken))
        {
            var json = ResourceCommand.JsonOf(item);
            if (json.GetProperty("name").GetString() == agent)
            {
                return json.GetProperty("id").GetString()!;
            }
        }

        throw new CliException(ExitCodes.NotFound, $"no agent is named '{agent}' (pass its id, or see 'drover agents list').");
    }

    private static async Task<string> DefaultEnvironmentAsync(CliContext context, CancellationToken cancellationToken)
    {
        await foreach (var item in ResourceKinds.Environments.List(context.Sdk, new ListQuery(int.MaxValue, false, null, []), cancellationToken))
        {
            var json = ResourceCommand.JsonOf(item);
            if (Column.Read(json, "config.type") == "cloud")
            {
                return json.GetProperty("id").GetString()!;
            }
        }

        context.Output.Info($"no cloud environment yet: creating '{DefaultEnvironmentName}'.");
        var created = await ResourceKinds.Environments.Create(context.Sdk, new JsonObject { ["name"] = DefaultEnvironmentName, ["config"] = new JsonObject { ["type"] = "cloud" } }, cancellationToken);
        return ResourceCommand.JsonOf(created).GetProperty("id").GetString()!;
    }

}
