using System.CommandLine;
using Drover.Cli.Client;
using Spectre.Console;

namespace Drover.Cli.Sessions;

/// <summary>
/// <c>drover sessions tail ID</c>: the session's events as they happen, from the start of the log (or from now with
/// <c>--from-now</c>), surviving dropped connections without a gap or a repeat. With <c>--json</c>, one event per line.
/// </summary>
internal static class TailCommand
{
    public static Command Create(ClientOptions options)
    {
        var id = new Argument<string>("id") { Description = "The session's id." };
        var fromNow = new Option<bool>("--from-now") { Description = "Only events from now on (default: the whole log first)." };
        var command = new Command("tail", "Follow a session's events (Ctrl-C to stop).") { id, fromNow };
        ClientCommand.SetAction(command, options, async (context, ct) =>
        {
            var stream = new SessionEventStream(context.Http, context.Parse.GetValue(id)!, TimeProvider.System);
            var output = context.Output;
            await foreach (var frame in stream.ReadAsync(context.Parse.GetValue(fromNow) ? null : "0", [], m => output.Info($"tail: {m}"), ct))
            {
                if (output.IsJson)
                {
                    output.WriteJsonLine(frame.Data);
                }
                else
                {
                    var at = EventSummary.Str(frame.Data, "processed_at") is { Length: >= 19 } t ? t[11..19] : "        ";
                    output.Human.MarkupLineInterpolated($"[grey]{at}[/] [bold]{frame.Type,-24}[/] {EventSummary.Describe(frame.Data)}");
                }
            }

            output.Info("tail: the session was deleted.");
            return ExitCodes.Success;
        });
        return command;
    }
}
