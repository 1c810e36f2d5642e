using System.CommandLine;
using System.Text.Json;
using Anthropic.Models.Beta.Agents;
using Spectre.Console;

namespace Drover.Cli.Client;

/// <summary>
/// <c>drover login</c>: checks a base URL and API key against the server (one authenticated request), then saves them as a
/// profile (<see cref="ProfileStore"/>, mode 0600) for the client commands to use. The key comes from <c>--api-key</c> or
/// <c>DROVER_API_KEY</c>, else is asked for (hidden) on a terminal, else read from stdin's first line.
/// </summary>
internal static class LoginCommand
{
    public static Command Create(ClientOptions options)
    {
        var command = options.AddTo(new Command("login", "Check and save a server address and API key as a profile."));
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (parse.GetValue(options.ApiKey) is null && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DROVER_API_KEY")))
            {
                var key = Console.IsInputRedirected
                    ? (await Console.In.ReadLineAsync(cancellationToken))?.Trim()
                    : AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) }).Prompt(new TextPrompt<string>("API key:").Secret());
                if (!string.IsNullOrEmpty(key))
                {
                    Environment.SetEnvironmentVariable("DROVER_API_KEY", key);
                }
            }

            return await ClientCommand.RunAsync(parse, options, async (context, ct) =>
            {
                await context.Sdk.Beta.Agents.List(new AgentListParams { Limit = 1 }, ct);
                var name = options.ProfileName(parse);
                ProfileStore.Save(name, new Profile(context.Connection.BaseUrl.ToString().TrimEnd('/'), context.Connection.ApiKey!));
                context.Output.Info($"logged in to {context.Connection.BaseUrl}; saved as profile '{name}' in {ProfileStore.FilePath}.");
                if (context.Output.IsJson)
                {
                    context.Output.WriteJson(JsonSerializer.SerializeToElement(new Dictionary<string, string>
                    {
                        ["profile"] = name,
                        ["base_url"] = context.Connection.BaseUrl.ToString(),
                        ["path"] = ProfileStore.FilePath,
                    }));
                }

                return ExitCodes.Success;
            }, cancellationToken);
        });
        return command;
    }
}
