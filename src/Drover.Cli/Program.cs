using System.CommandLine;
using Drover.Cli;
using Drover.Cli.Chat;
using Drover.Cli.Client;
using Drover.Cli.Commands;
using Drover.Cli.Resources;
using Drover.Cli.Sessions;

var client = new ClientOptions();
var root = new RootCommand("Drover: a self-hosted platform for long-running AI agents.")
{
    ServeCommand.Create(),
    WorkerCommand.Create(),
    ResourceCommand.Create(ResourceKinds.Agents, client),
    ResourceCommand.Create(ResourceKinds.Environments, client),
    ResourceCommand.Create(ResourceKinds.Sessions, client, [TailCommand.Create(client), ExportCommand.Create(client)]),
    ResourceCommand.Create(ResourceKinds.Vaults, client),
    ChatCommand.Create(client),
    LoginCommand.Create(client),
};
var parse = root.Parse(args);

// drover worker handles SIGTERM and Ctrl-C itself: a running call gets its grace period, which System.CommandLine's
// own handler (exit 2 s after the signal) would cut short.
var configuration = parse.CommandResult.Command.Name == WorkerCommand.Name ? new InvocationConfiguration { ProcessTerminationTimeout = null } : null;
var exitCode = await parse.InvokeAsync(configuration);

// A command line that does not parse is bad input (help and the errors are already printed), as the exit codes say.
return parse.Errors.Count > 0 && exitCode == ExitCodes.Failure ? ExitCodes.InvalidInput : exitCode;
