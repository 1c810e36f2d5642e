using System.CommandLine;
using Anthropic;
using Anthropic.Models.Beta.Sessions.Events;
using Drover.Cli.Client;
using Drover.Cli.Resources;
using Spectre.Console;

namespace Drover.Cli.Sessions;

/// <summary><c>drover sessions export ID</c>: the whole log, oldest first, as JSON lines on stdout (pages of the event list, through the SDK).</summary>
internal static class ExportCommand
{
    private const int MaxPageSize = 1000;

    public static Command Create(ClientOptions options)
    {
        var id = new Argument<string>("id") { Description = "The session's id." };
        var pageSize = new Option<int>("--page-size") { Description = $"Events per request (1-{MaxPageSize}).", DefaultValueFactory = _ => MaxPageSize };
        var command = new Command("export", "Write a session's whole event log as JSON lines.") { id, pageSize };
        ClientCommand.SetAction(command, options, async (context, ct) =>
        {
            var sessionId = context.Parse.GetValue(id)!;
            var size = context.Parse.GetValue(pageSize);
            if (size is < 1 or > MaxPageSize)
            {
                throw new CliException(ExitCodes.InvalidInput, $"--page-size: must be between 1 and {MaxPageSize}.");
            }

            var parameters = new EventListParams { Limit = size, Order = "asc" };
            var status = context.Output.Status;
            int count;
            if (status.Profile.Capabilities.Interactive && Console.IsOutputRedirected)
            {
                // Progress on the terminal while the lines go to a file or a pipe.
                count = await status.Status().StartAsync($"exporting {sessionId}", s => ExportAsync(context, sessionId, parameters, n => s.Status($"exporting {sessionId}: {n} events"), ct));
            }
            else
            {
                count = await ExportAsync(context, sessionId, parameters, n => { }, ct);
            }

            context.Output.Info($"export: {count} events of {sessionId}.");
            return ExitCodes.Success;
        });
        return command;
    }

    private static async Task<int> ExportAsync(CliContext context, string sessionId, EventListParams parameters, Action<int> progress, CancellationToken cancellationToken)
    {
        var page = await context.Sdk.Beta.Sessions.Events.List(sessionId, parameters, cancellationToken);
        var count = 0;
        await foreach (var e in page.Paginate(cancellationToken))
        {
            context.Output.WriteJsonLine(ResourceCommand.JsonOf(e));
            progress(++count);
        }

        return count;
    }
}
