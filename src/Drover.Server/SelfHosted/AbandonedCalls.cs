using Drover.Events;
using Drover.Harness.Wake;
using Drover.Ids;
using Drover.Sessions;

namespace Drover.Server.SelfHosted;

/// <summary>
/// Answers the calls a lost worker may have been running, so that no call ever runs twice: when a work item's lease
/// lapses, every <c>agent.tool_use</c> of its session that a worker may run (allowed or confirmed) and that has no result
/// yet gets a <c>user.tool_result</c> with <c>is_error: true</c> saying its outcome is unknown, before another worker can
/// claim the item. The model then decides what to do (check, retry, or carry on).
/// </summary>
/// <remarks>
/// The append is conditioned on the session's last sequence as read before the ledger, so it lands only if the calls
/// are still unanswered at that moment: a late result from the old worker that gets in first makes it retry and skip
/// that call, and one that comes after is refused by <see cref="Events.ToolResultCheck"/> (answered already). Two
/// instances reclaiming the same item race the same way, so each call is answered once.
/// </remarks>
internal sealed partial class AbandonedCalls(ISessionLog log, WakeSignal wake, TimeProvider time, ILogger<AbandonedCalls> logger)
{
    public const string Message =
        "The worker running this call was lost (it stopped sending heartbeats and its lease lapsed), so the call's outcome is unknown: "
        + "it may not have started, may have partly run, or may have finished. It will not be run again. "
        + "Check its effects before repeating it.";

    private const int MaxAttempts = 10;

    /// <summary>Answers the session's waiting calls as outcome unknown. False when the session kept changing and they could not be answered yet.</summary>
    public async Task<bool> AnswerAsync(string sessionId, string workId, CancellationToken cancellationToken)
    {
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            if (await log.GetSessionAsync(sessionId, cancellationToken) is not { } session)
            {
                return true;
            }

            var ledger = await ToolUseLedger.ReadAsync(log, sessionId, cancellationToken);
            var open = ledger.RunnableBuiltInCalls;
            if (open.Count == 0)
            {
                return true;
            }

            var now = time.GetUtcNow();
            var events = open.Select(id => new UserToolResultEvent
            {
                Id = DroverIds.New(DroverIds.Event, time),
                ProcessedAt = now,
                ToolUseId = id,
                Content = [new TextBlock(Message)],
                IsError = true,
            }.ToNewEvent()).ToList();
            try
            {
                await log.AppendAsync(sessionId, events, new AppendCondition(ExpectedLastSequence: session.LastSequence), cancellationToken);
            }
            catch (SequenceConflictException)
            {
                continue;
            }
            catch (SessionNotFoundException)
            {
                return true;
            }

            LogAnswered(logger, open.Count, sessionId, workId);
            wake.Ring(sessionId);
            return true;
        }

        LogBusy(logger, sessionId, workId);
        return false;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Answered {Count} call(s) of session {SessionId} as outcome unknown: the worker of work {WorkId} was lost")]
    private static partial void LogAnswered(ILogger logger, int count, string sessionId, string workId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Session {SessionId} kept changing while the calls of lost work {WorkId} were being answered; the next poll tries again")]
    private static partial void LogBusy(ILogger logger, string sessionId, string workId);
}
