using System.CommandLine;
using System.Net;
using System.Net.Sockets;
using Anthropic.Exceptions;
using Drover.Cli.Output;

namespace Drover.Cli.Client;

/// <summary>Runs a client command: resolves the connection, and turns every failure into a clear message and a named exit code.</summary>
internal static class ClientCommand
{
    public static void SetAction(Command command, ClientOptions options, Func<CliContext, CancellationToken, Task<int>> action) =>
        command.SetAction((parse, cancellationToken) => RunAsync(parse, options, action, cancellationToken));

    public static async Task<int> RunAsync(ParseResult parse, ClientOptions options, Func<CliContext, CancellationToken, Task<int>> action, CancellationToken cancellationToken)
    {
        var output = CliOutput.ForConsole(parse.GetValue(options.Json));
        ConnectionSettings? connection = null;
        try
        {
            connection = options.Resolve(parse);
            if (connection.ApiKey is null)
            {
                throw new CliException(ExitCodes.AuthenticationFailed, "no API key: pass --api-key, set DROVER_API_KEY, or run 'drover login'.");
            }

            using var context = new CliContext(parse, output, connection);
            return await action(context, cancellationToken);
        }
        catch (Exception ex) when (!(ex is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            var (code, message, details) = Describe(ex, connection);
            output.Error(message, details);
            return code;
        }
        catch (OperationCanceledException)
        {
            return ExitCodes.Interrupted;
        }
    }

    /// <summary>The exit code, message and details (the server's error envelope) for a failure.</summary>
    public static (int Code, string Message, string? Details) Describe(Exception exception, ConnectionSettings? connection) => exception switch
    {
        CliException ex => (ex.ExitCode, ex.Message, ex.Details),
        AnthropicApiException ex => FromStatus(ex.StatusCode, ex.ApiMessage ?? ex.Message, ex.ResponseBody),
        AnthropicIOException { InnerException: { } inner } => Unreachable(inner, connection),
        HttpRequestException ex => Unreachable(ex, connection),
        TaskCanceledException or TimeoutException => (ExitCodes.Unreachable, $"the server at {connection?.BaseUrl} did not answer in time.", null),
        _ => (ExitCodes.Failure, exception.Message, null),
    };

    public static (int Code, string Message, string? Details) FromStatus(HttpStatusCode status, string message, string? body)
    {
        var code = status switch
        {
            HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => ExitCodes.AuthenticationFailed,
            HttpStatusCode.NotFound => ExitCodes.NotFound,
            HttpStatusCode.BadRequest or HttpStatusCode.Conflict or HttpStatusCode.RequestEntityTooLarge or HttpStatusCode.UnprocessableEntity => ExitCodes.InvalidInput,
            _ => ExitCodes.Failure,
        };
        var what = code switch
        {
            ExitCodes.AuthenticationFailed => "authentication failed",
            ExitCodes.NotFound => "not found",
            ExitCodes.InvalidInput => "refused",
            _ => "server error",
        };
        return (code, $"{what} ({(int)status}): {message}", string.IsNullOrWhiteSpace(body) ? null : body);
    }

    private static (int, string, string?) Unreachable(Exception exception, ConnectionSettings? connection)
    {
        var reason = exception.InnerException is SocketException socket ? socket.Message : exception.GetBaseException().Message;
        return (ExitCodes.Unreachable, $"cannot reach the server at {connection?.BaseUrl} ({reason}). Is 'drover serve' running there? Set --base-url or DROVER_BASE_URL.", null);
    }
}
