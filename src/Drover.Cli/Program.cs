using System.CommandLine;
using Drover.Cli.Commands;

var root = new RootCommand("Drover: a self-hosted platform for long-running AI agents.")
{
    ServeCommand.Create(),
    WorkerCommand.Create(),
};
var parse = root.Parse(args);

// drover worker handles SIGTERM and Ctrl-C itself: a running call gets its grace period, which System.CommandLine's
// own handler (exit 2 s after the signal) would cut short.
var configuration = parse.CommandResult.Command.Name == WorkerCommand.Name ? new InvocationConfiguration { ProcessTerminationTimeout = null } : null;
return await parse.InvokeAsync(configuration);
