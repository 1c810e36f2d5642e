using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Anthropic.Exceptions;
using Anthropic.Models.Beta.Sessions.Events;
using Drover.Cli.Client;
using Drover.Cli.Resources;
using Drover.Cli.Sessions;

namespace Drover.Cli.Chat;

/// <summary>
/// One conversation with a session: lines typed become <c>user.message</c>s, events are drawn as they arrive, an
/// <c>always_ask</c> tool call is answered inline (y/n → <c>user.tool_confirmation</c>), and Ctrl-C sends
/// <c>user.interrupt</c> while the agent works (a second Ctrl-C, or two at the prompt, quits). End of input ends the chat
/// once the current turn is over.
/// </summary>
internal sealed class ChatSession(CliContext context, string sessionId, ChatRenderer renderer, TimeProvider time)
{
    private static readonly TimeSpan s_doublePress = TimeSpan.FromSeconds(3);

    private readonly Channel<ChatInput> _inputs = Channel.CreateUnbounded<ChatInput>();
    private readonly HashSet<string> _sentHere = new(StringComparer.Ordinal);
    private readonly Dictionary<string, JsonElement> _asking = new(StringComparer.Ordinal);
    private readonly Queue<JsonElement> _confirmations = new();
    private bool _running;
    private bool _interruptSent;
    private bool _inputEnded;
    private long? _lastIdleCtrlC;

    public async Task<int> RunAsync(ChannelReader<string> lines, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, signal =>
        {
            signal.Cancel = true;
            _inputs.Writer.TryWrite(new ChatInput.CtrlC());
        });
        var pumps = Task.WhenAll(PumpLinesAsync(lines, stop.Token), PumpEventsAsync(stop.Token));
        try
        {
            renderer.ShowPrompt();
            await foreach (var input in _inputs.Reader.ReadAllAsync(stop.Token))
            {
                if (await HandleAsync(input, stop.Token) is { } exitCode)
                {
                    return exitCode;
                }
            }

            return ExitCodes.Success;
        }
        finally
        {
            await stop.CancelAsync();
            await pumps;
        }
    }

    private async Task<int?> HandleAsync(ChatInput input, CancellationToken cancellationToken)
    {
        switch (input)
        {
            case ChatInput.Frame(var frame):
                return OnFrame(frame);
            case ChatInput.Line(var text):
                try
                {
                    await OnLineAsync(text.Trim(), cancellationToken);
                }
                catch (AnthropicApiException ex)
                {
                    // A refused message (the session is waiting for something else) is said, and the chat goes on.
                    renderer.Error(ClientCommand.Describe(ex, context.Connection).Message);
                    renderer.ShowPrompt();
                }

                return null;
            case ChatInput.EndOfInput:
                _inputEnded = true;
                return _running ? null : ExitCodes.Success;
            case ChatInput.StreamEnded(var error):
                return error is null ? ExitCodes.Success : throw error;
            case ChatInput.CtrlC:
                return await OnCtrlCAsync(cancellationToken);
            default:
                return null;
        }
    }

    private int? OnFrame(StreamFrame frame)
    {
        var e = frame.Data;
        var id = EventSummary.Str(e, "id");
        if (context.Output.IsJson && frame.Id is not null)
        {
            context.Output.WriteJsonLine(e);
        }

        renderer.Render(frame, id is not null && _sentHere.Contains(id));
        switch (frame.Type)
        {
            case "session.status_running":
                _running = true;
                break;
            case "agent.tool_use" or "agent.mcp_tool_use" when EventSummary.Str(e, "evaluated_permission") == "ask" && id is not null:
                _asking[id] = e;
                break;
            case "session.status_idle":
                _running = false;
                _interruptSent = false;
                var stop = e.TryGetProperty("stop_reason", out var reason) ? reason : default;
                if (EventSummary.Str(stop, "type") == "requires_action" && stop.TryGetProperty("event_ids", out var ids))
                {
                    foreach (var waiting in ids.EnumerateArray().Select(i => i.GetString()!).Where(_asking.ContainsKey))
                    {
                        _confirmations.Enqueue(_asking[waiting]);
                    }
                }

                if (_confirmations.TryPeek(out var next))
                {
                    renderer.AskConfirmation(next);
                }
                else if (_inputEnded)
                {
                    return ExitCodes.Success;
                }
                else
                {
                    renderer.ShowPrompt();
                }

                break;
            case "session.status_terminated" or "session.deleted":
                return ExitCodes.Failure;
        }

        return null;
    }

    private async Task OnLineAsync(string text, CancellationToken cancellationToken)
    {
        if (_confirmations.TryPeek(out var toolUse))
        {
            var answer = text.ToUpperInvariant() switch
            {
                "Y" or "YES" => "allow",
                "N" or "NO" => "deny",
                _ => null,
            };
            if (answer is null)
            {
                renderer.AskConfirmation(toolUse);
                return;
            }

            _confirmations.Dequeue();
            await SendAsync(new JsonObject { ["type"] = "user.tool_confirmation", ["tool_use_id"] = EventSummary.Str(toolUse, "id"), ["result"] = answer }, cancellationToken);
            _running = true;
            if (_confirmations.TryPeek(out var next))
            {
                renderer.AskConfirmation(next);
            }

            return;
        }

        if (text.Length == 0)
        {
            renderer.ShowPrompt();
            return;
        }

        await SendAsync(new JsonObject { ["type"] = "user.message", ["content"] = new JsonArray(new JsonObject { ["type"] = "text", ["text"] = text }) }, cancellationToken);
        _running = true;
    }

    private async Task<int?> OnCtrlCAsync(CancellationToken cancellationToken)
    {
        if (_running && !_interruptSent)
        {
            _interruptSent = true;
            renderer.Dim("^C interrupting (Ctrl-C again to quit)");
            await SendAsync(new JsonObject { ["type"] = "user.interrupt" }, cancellationToken);
            return null;
        }

        if (_running || (_lastIdleCtrlC is { } last && time.GetElapsedTime(last) < s_doublePress))
        {
            renderer.Dim("^C bye");
            return ExitCodes.Interrupted;
        }

        _lastIdleCtrlC = time.GetTimestamp();
        renderer.Dim("^C (Ctrl-C again to quit, or Ctrl-D)");
        renderer.ShowPrompt();
        return null;
    }

    private async Task SendAsync(JsonObject e, CancellationToken cancellationToken)
    {
        var body = new JsonObject { ["events"] = new JsonArray(e) };
        var sent = await context.Sdk.Beta.Sessions.Events.Send(sessionId, EventSendParams.FromRawUnchecked(ResourceKind.None, ResourceKind.None, ResourceKind.Raw(body), sessionId), cancellationToken);
        foreach (var echoed in ResourceCommand.JsonOf(sent).GetProperty("data").EnumerateArray())
        {
            if (EventSummary.Str(echoed, "id") is { } id)
            {
                _sentHere.Add(id);
            }
        }
    }

    private async Task PumpLinesAsync(ChannelReader<string> lines, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var line in lines.ReadAllAsync(cancellationToken))
            {
                _inputs.Writer.TryWrite(new ChatInput.Line(line));
            }

            _inputs.Writer.TryWrite(new ChatInput.EndOfInput());
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private async Task PumpEventsAsync(CancellationToken cancellationToken)
    {
        var stream = new SessionEventStream(context.Http, sessionId, time);
        try
        {
            await foreach (var frame in stream.ReadAsync("0", ["agent.message"], m => renderer.Dim($"stream: {m}"), cancellationToken))
            {
                _inputs.Writer.TryWrite(new ChatInput.Frame(frame));
            }

            _inputs.Writer.TryWrite(new ChatInput.StreamEnded(null));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            _inputs.Writer.TryWrite(new ChatInput.StreamEnded(ex));
        }
    }
}
