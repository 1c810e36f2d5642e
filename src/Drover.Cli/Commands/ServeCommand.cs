using System.CommandLine;
using Drover.Server;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Drover.Cli.Commands;

/// <summary><c>drover serve</c>: runs the server in this process until Ctrl-C or SIGTERM.</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var dataDir = new Option<string?>("--data-dir")
        {
            Description = "Where Drover keeps its data (default: $DROVER_DATA_DIR, else ./data).",
        };
        var urls = new Option<string?>("--urls")
        {
            Description = $"The address(es) to listen on, ';'-separated (default: $ASPNETCORE_URLS, else {DroverServer.DefaultUrl}).",
        };
        var command = new Command("serve", "Run the Drover server on this machine.") { dataDir, urls };

        // Everything else (e.g. --Storage:Provider=postgres) is passed to the server's configuration.
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(async (parse, cancellationToken) =>
        {
            var args = new List<string>(parse.UnmatchedTokens);
            if (parse.GetValue(dataDir) is { Length: > 0 } dir)
            {
                args.Add($"--Storage:DataDirectory={dir}");
            }

            if (parse.GetValue(urls) is { Length: > 0 } listen)
            {
                args.Add($"--urls={listen}");
            }

            try
            {
                await using var app = DroverServer.Build([.. args]);
                await app.StartAsync(cancellationToken);
                await app.WaitForShutdownAsync(cancellationToken);
                return ExitCodes.Success;
            }
            catch (OptionsValidationException ex)
            {
                foreach (var failure in ex.Failures)
                {
                    await Console.Error.WriteLineAsync($"drover: invalid configuration: {failure}");
                }

                return ExitCodes.InvalidConfiguration;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // A store that cannot be opened (unreachable database, unwritable data directory) fails the start.
                await Console.Error.WriteLineAsync($"drover: could not start: {ex.GetBaseException().Message}");
                return ExitCodes.Failure;
            }
        });
        return command;
    }
}
