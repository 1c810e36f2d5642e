using System.CommandLine;
using System.Runtime.InteropServices;
using Drover.Worker;
using Microsoft.Extensions.Logging;

namespace Drover.Cli.Commands;

/// <summary>
/// <c>drover worker</c>: runs the built-in tools of a self-hosted environment's sessions on this machine, polling the
/// Drover server's work queue (<c>docs/self-hosted.md</c>). SIGTERM or Ctrl-C: the running call may finish within
/// <c>--shutdown-grace</c>, else it is abandoned with an error result; the item is stopped and the worker exits 0.
/// </summary>
internal static class WorkerCommand
{
    public const string Name = "worker";

    public static Command Create()
    {
        var baseUrl = new Option<string?>("--base-url") { Description = "The Drover server (default: $DROVER_BASE_URL, else http://127.0.0.1:8080)." };
        var environmentId = new Option<string?>("--environment-id") { Description = "The self-hosted environment to serve (default: $DROVER_ENVIRONMENT_ID)." };
        var environmentKey = new Option<string?>("--environment-key") { Description = "Its environment key (default: $DROVER_ENVIRONMENT_KEY; prefer the variable, command lines are visible to other users)." };
        var workdir = new Option<string?>("--workdir") { Description = "Where session workspaces live, <workdir>/workspaces/<session id> (default: $DROVER_WORKDIR, else ./drover-work)." };
        var allowUnsandboxed = new Option<bool>("--allow-unsandboxed") { Description = "When bubblewrap is missing, run tools directly on this host instead of refusing to start." };
        var network = new Option<string>("--network") { Description = "What sandboxed commands may reach: none or unrestricted.", DefaultValueFactory = _ => "none" };
        network.AcceptOnlyFromAmong("none", "unrestricted");
        var maxIdle = new Option<double>("--max-idle") { Description = "Seconds without events after a turn ends before the item is stopped.", DefaultValueFactory = _ => 60 };
        var grace = new Option<double>("--shutdown-grace") { Description = "Seconds a running call may take to finish after SIGTERM or Ctrl-C.", DefaultValueFactory = _ => 10 };
        var leaseTtl = new Option<int?>("--lease-ttl") { Description = "Lease ttl in seconds to ask for at each heartbeat (default: the server's)." };
        var command = new Command(Name, "Run the tools of a self-hosted environment's sessions on this machine.")
        {
            baseUrl, environmentId, environmentKey, workdir, allowUnsandboxed, network, maxIdle, grace, leaseTtl,
        };

        command.SetAction(async (parse, cancellationToken) =>
        {
            var url = parse.GetValue(baseUrl) ?? Environment.GetEnvironmentVariable("DROVER_BASE_URL") ?? "http://127.0.0.1:8080";
            var id = parse.GetValue(environmentId) ?? Environment.GetEnvironmentVariable("DROVER_ENVIRONMENT_ID");
            var key = parse.GetValue(environmentKey) ?? Environment.GetEnvironmentVariable("DROVER_ENVIRONMENT_KEY");
            if (string.IsNullOrEmpty(id) || string.IsNullOrEmpty(key) || !Uri.TryCreate(url, UriKind.Absolute, out var uri))
            {
                await Console.Error.WriteLineAsync("drover worker: --environment-id and --environment-key (or DROVER_ENVIRONMENT_ID and DROVER_ENVIRONMENT_KEY) are required, and --base-url must be an absolute URL.");
                return ExitCodes.InvalidConfiguration;
            }

            var options = new WorkerOptions
            {
                BaseUrl = uri,
                EnvironmentId = id,
                EnvironmentKey = key,
                Workdir = parse.GetValue(workdir) ?? Environment.GetEnvironmentVariable("DROVER_WORKDIR") ?? "drover-work",
                AllowUnsandboxed = parse.GetValue(allowUnsandboxed),
                Network = parse.GetValue(network)!,
                MaxIdle = TimeSpan.FromSeconds(parse.GetValue(maxIdle)),
                ShutdownGrace = TimeSpan.FromSeconds(parse.GetValue(grace)),
                LeaseTtlSeconds = parse.GetValue(leaseTtl),
            };

            using var loggerFactory = LoggerFactory.Create(b => b.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = "HH:mm:ss.fff ";
            }));
            using var shutdown = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            void OnSignal(PosixSignalContext context)
            {
                // Keep the process alive: RunAsync winds down (grace for the running call, stop the item) and returns.
                context.Cancel = true;
                shutdown.Cancel();
            }

            using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
            using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
            try
            {
                await using var worker = DroverWorker.Create(options, loggerFactory);
                await worker.RunAsync(shutdown.Token);
                return ExitCodes.Success;
            }
            catch (InvalidOperationException e)
            {
                await Console.Error.WriteLineAsync($"drover worker: {e.Message}");
                return ExitCodes.InvalidConfiguration;
            }
        });
        return command;
    }
}
