using System.Text.Json;
using Drover.Events;
using Drover.Harness.Context;
using Drover.Harness.Models;
using Microsoft.Extensions.Logging;

namespace Drover.Harness.Loop;

internal sealed partial class HarnessRun
{
    /// <summary>
    /// One model request: <c>span.model_request_start</c>, the streamed response gathered in memory, then the whole
    /// response (thinking, messages, tool uses) and <c>span.model_request_end</c> appended as one batch, so a run
    /// killed mid-stream leaves only an open span (closed and retried by the next run), never half a response.
    /// With <paramref name="openRun"/> the run starts with this request: <c>session.status_running</c> goes in the same
    /// batch as the request's start (one commit less before the model is called), or on its own first when the context
    /// may need compacting.
    /// </summary>
    private async Task CallModelAsync(bool openRun, CancellationToken token)
    {
        var context = ContextBuilder.Build(_state.Transcript, Options.Context);
        var builtFrom = _state.Transcript.Count;
        List<SessionEvent> start = [];
        if (openRun && !MayCompact(context))
        {
            start.AddRange(RunOpening());
            await ProvisionHandsAsync(token);
        }
        else
        {
            if (openRun)
            {
                await StartRunAsync(token);
            }

            await CompactIfNeededAsync(context, token);
        }

        var startId = NewEventId();
        start.Add(new SpanModelRequestStartEvent { Id = startId });
        var first = await AppendAsync(start, token);
        if (start.Count > 1)
        {
            _currentRun = first + start.Count - 2;
            _mirror = MirrorStatusAsync("running", token);
        }

        if (_state.InterruptNeedsIdle)
        {
            // An interrupt was appended just before the request's start: the request is not sent.
            await AppendAsync([SpanEnd(startId, ModelTokenUsage.Zero, isError: false)], token);
            return;
        }

        // The transcript only grows: rebuild when a compaction or the client's events came in meanwhile.
        if (_state.Transcript.Count != builtFrom)
        {
            context = ContextBuilder.Build(_state.Transcript, Options.Context);
        }

        var requestSequence = _state.LastSequence;
        using var work = _interrupts.BeginWork(requestSequence, token);
        var blocks = new List<ModelBlockCompleted>();
        var preview = new ResponsePreview(_services.Previews, SessionId, requestSequence, textAllowed: !_redactor.HasValues);
        try
        {
            var client = _services.Models.Resolve(_session.Agent.Model);
            var request = new ModelRequest(_session.Agent.Model, _session.Agent.System, context.Messages, [.. Toolbox.ModelTools(_session.Agent.Tools, _services.Hands), .. await McpToolsAsync(token)], Options.MaxTokens);
            ModelCompleted? completed = null;
            await foreach (var item in client.StreamAsync(request, work.Token))
            {
                switch (item)
                {
                    case ModelTextDelta or ModelThinkingDelta:
                        preview.On(item);
                        break;
                    case ModelBlockCompleted block:
                        blocks.Add(block);
                        break;
                    case ModelCompleted done:
                        completed = done;
                        break;
                }
            }

            var usage = completed?.Usage ?? ModelTokenUsage.Zero;
            await AppendAsync([.. ResponseEvents(blocks, preview), SpanEnd(startId, usage, isError: false)], token);
        }
        catch (OperationCanceledException) when (!token.IsCancellationRequested)
        {
            // Interrupted: the partial response is dropped; the interrupt ends the turn at the next step.
            await AppendAsync([SpanEnd(startId, ModelTokenUsage.Zero, isError: false)], token);
        }
        catch (ModelException ex)
        {
            await ModelFailedAsync(startId, ex, token);
        }
    }

    /// <summary>Whether the context strategy may compact <paramref name="context"/>; false when the model cannot be resolved (the request then fails as usual).</summary>
    private bool MayCompact(ModelContext context)
    {
        try
        {
            var client = _services.Models.Resolve(_session.Agent.Model);
            return _services.Context.MayCompact(new ContextCompactionRequest(_session.Agent.Model, _session.Agent.System, context, client));
        }
        catch (ModelException)
        {
            return false;
        }
    }

    /// <summary>Lets the context strategy compact older turns before the request; a failed summary leaves the context as it is.</summary>
    private async Task CompactIfNeededAsync(ModelContext context, CancellationToken token)
    {
        try
        {
            var client = _services.Models.Resolve(_session.Agent.Model);
            var request = new ContextCompactionRequest(_session.Agent.Model, _session.Agent.System, context, client);
            if (await _services.Context.CompactAsync(request, token) is { } compaction)
            {
                await AppendAsync([Compaction.ToEvent(NewEventId(), compaction.Summary, compaction.Through, _services.Time.GetUtcNow())], token);
            }
        }
        catch (ModelException ex)
        {
            LogCompactionFailed(_services.Logger, SessionId, ex.Message);
        }
    }

    private async Task ModelFailedAsync(string startId, ModelException ex, CancellationToken token)
    {
        var retry = ex.Transient && _state.ConsecutiveRetries < Options.MaxRetries;
        var error = new PlainSessionError(ex.ErrorType)
        {
            Message = ex.Message,
            RetryStatus = new RetryStatus(retry ? RetryStatus.Retrying : RetryStatus.Exhausted),
        };
        LogModelFailed(_services.Logger, SessionId, ex.ErrorType, ex.Message, retry);
        if (!retry)
        {
            await AppendAsync([SpanEnd(startId, ModelTokenUsage.Zero, isError: true)], token);
            await GoIdleAsync(new GoIdle(StopReasonTypes.RetriesExhausted, Error: error), token);
            return;
        }

        await AppendAsync([SpanEnd(startId, ModelTokenUsage.Zero, isError: true), new SessionErrorEvent { Error = error }, new SessionStatusRescheduledEvent()], token);
        _currentRun = null;
        await MirrorStatusAsync("rescheduling", token);
        // An interrupt cuts the wait short; the next step then ends the turn.
        using var wait = _interrupts.BeginWork(_state.LastSequence, token);
        try
        {
            await Task.Delay(RetryDelay(_state.ConsecutiveRetries, ex.RetryAfter), _services.Time, wait.Token);
        }
        catch (OperationCanceledException) when (!token.IsCancellationRequested)
        {
        }
    }

    private TimeSpan RetryDelay(int attempt, TimeSpan? retryAfter)
    {
        var backoff = Options.RetryBaseDelay * Math.Pow(2, Math.Max(0, attempt - 1));
        var jittered = backoff * (0.8 + (0.4 * Random.Shared.NextDouble()));
        var delay = retryAfter is { } asked && asked > jittered ? asked : jittered;
        return delay < Options.RetryMaxDelay ? delay : Options.RetryMaxDelay;
    }

    /// <summary>The response's events; a previewed text or thinking block keeps the id its preview announced.</summary>
    private IEnumerable<SessionEvent> ResponseEvents(List<ModelBlockCompleted> completed, ResponsePreview preview)
    {
        var now = _services.Time.GetUtcNow();
        foreach (var (index, block) in completed)
        {
            switch (block)
            {
                case ModelText text when text.Text.Length > 0:
                    yield return new AgentMessageEvent { Id = preview.IdFor(index), Content = [new TextBlock(text.Text)] };
                    break;
                case ModelThinking or ModelRedactedThinking:
                    yield return ThinkingBlocks.ToEvent(preview.IdFor(index), block, now);
                    break;
                case ModelToolUse toolUse when _mcp?.Find(toolUse.Name) is { } mcpTool:
                    yield return Toolbox.McpToolUseEvent(mcpTool, Normalize(toolUse.Input));
                    break;
                case ModelToolUse toolUse:
                    yield return Toolbox.ToolUseEvent(_session.Agent.Tools, _services.Hands, toolUse.Name, Normalize(toolUse.Input));
                    break;
            }
        }
    }

    // A tool's input must be an object; a model that sent anything else gets an empty object and the tool's own error.
    private static JsonElement Normalize(JsonElement input) =>
        input.ValueKind == JsonValueKind.Object ? input : JsonDocument.Parse("{}").RootElement.Clone();

    private static SpanModelRequestEndEvent SpanEnd(string startId, ModelTokenUsage usage, bool isError) => new()
    {
        ModelRequestStartId = startId,
        IsError = isError,
        ModelUsage = new ModelUsage
        {
            InputTokens = usage.InputTokens,
            OutputTokens = usage.OutputTokens,
            CacheReadInputTokens = usage.CacheReadInputTokens,
            CacheCreationInputTokens = usage.CacheCreationInputTokens,
        },
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not compact the context of session {SessionId}: {Message}")]
    private static partial void LogCompactionFailed(ILogger logger, string sessionId, string message);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Model request of session {SessionId} failed ({ErrorType}: {Message}); retrying: {Retrying}")]
    private static partial void LogModelFailed(ILogger logger, string sessionId, string errorType, string message, bool retrying);
}
