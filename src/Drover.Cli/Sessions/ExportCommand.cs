using System.CommandLine;
using Anthropic;
using Anthropic.Models.Beta.Sessions.Events;
using Drover.Cli.Client;
using Drover.Cli.Resources;

namespace Drover.Cli.Sessions;

/// <summary><c>drover sessions export ID</c>: the whole log, oldest first, as JSON lines on stdout (pages of the event list, through the SDK).</summary>
internal static class ExportCommand
{
    private const int PageSize = 1000;

    public static Command Create(ClientOptions options)
    {
        var id = new Argument<string>("id") { Description = "The session's id." };
        var command = new Command("export", "Write a session's whole event log as JSON lines.") { id };
        ClientCommand.SetAction(command, options, async (context, ct) =>
        {
            var sessionId = context.Parse.GetValue(id)!;
            var page = await context.Sdk.Beta.Sessions.Events.List(sessionId, new EventListParams { Limit = PageSize, Order = "asc" }, ct);
            var count = 0;
            await foreach (var e in page.Paginate(ct))
            {
                context.Output.WriteJsonLine(ResourceCommand.JsonOf(e));
                if (++count % PageSize == 0)
                {
                    context.Output.Info($"export: {count} events...");
                }
            }

            context.Output.Info($"export: {count} events of {sessionId}.");
            return ExitCodes.Success;
        });
        return command;
    }
}
