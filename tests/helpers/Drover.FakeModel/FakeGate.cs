namespace Drover.FakeModel;

/// <summary>
/// A point where a scripted reply stops until the test releases it (see <see cref="FakeReply.Hold"/>). Tests await
/// <see cref="Reached"/> to know a stream got there (the client has the frames before it), then interrupt, kill or
/// <see cref="Release"/>. One gate may hold any number of replies; all pass once it is released.
/// </summary>
public sealed class FakeGate
{
    private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the first reply arrives at this gate.</summary>
    public Task Reached => _reached.Task;

    /// <summary>Whether <see cref="Release"/> was called.</summary>
    public bool IsReleased => _released.Task.IsCompleted;

    /// <summary>Lets every reply held here, and every later one, continue.</summary>
    public void Release() => _released.TrySetResult();

    internal Task ArriveAsync(ClientDisconnectWatch watch, CancellationToken cancellationToken)
    {
        _reached.TrySetResult();
        return watch.WaitAsync(_released.Task, cancellationToken);
    }
}
