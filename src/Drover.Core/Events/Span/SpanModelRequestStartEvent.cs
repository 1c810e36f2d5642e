namespace Drover.Events;

/// <summary>A model request started; its <c>span.model_request_end</c> names this event's id.</summary>
public sealed record SpanModelRequestStartEvent() : SessionEvent(EventTypes.SpanModelRequestStart);
