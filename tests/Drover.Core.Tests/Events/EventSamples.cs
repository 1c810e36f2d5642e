using System.Collections.Frozen;

namespace Drover.Tests.Events;

/// <summary>One JSON sample per event type, written the way the official API writes it.</summary>
internal static partial class EventSamples
{
    public static FrozenDictionary<string, string> ByType { get; } =
        User().Concat(Agent()).Concat(Session()).Concat(Span()).Concat(WorkflowRun())
            .ToFrozenDictionary(s => s.Type, s => s.Json, StringComparer.Ordinal);

    public static TheoryData<string> Types => [.. ByType.Keys.Order(StringComparer.Ordinal)];
}
