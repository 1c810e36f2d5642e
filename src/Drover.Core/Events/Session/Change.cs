namespace Drover.Events;

/// <summary>
/// A member that an update may set to a value or clear with an explicit JSON <c>null</c>. A property of type
/// <c>Change&lt;T&gt;?</c> is null when the member is absent; <see cref="Value"/> is null when it was cleared.
/// </summary>
public sealed record Change<T>(T? Value)
    where T : class;
