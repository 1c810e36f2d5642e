using System.CommandLine;
using Drover.Cli.Commands;

var root = new RootCommand("Drover: a self-hosted platform for long-running AI agents.")
{
    ServeCommand.Create(),
};
return await root.Parse(args).InvokeAsync();
