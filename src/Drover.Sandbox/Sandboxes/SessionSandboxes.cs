using System.Collections.Concurrent;
using System.Diagnostics;
using Drover.Sandbox.Egress;
using Drover.Sandbox.Workspaces;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Drover.Sandbox.Sandboxes;

/// <summary>
/// The sandboxes of all sessions: made on the first call that needs one, one command at a time per session, replaced
/// when they die, stopped and forgotten after <see cref="SandboxOptions.IdleTimeout"/> without calls (by
/// <see cref="TimeProvider"/>), so an idle session holds nothing here. Workspaces outlive all of that.
/// </summary>
internal sealed partial class SessionSandboxes(
    ISandboxProvider provider,
    WorkspaceStore workspaces,
    IOptions<SandboxOptions> options,
    TimeProvider time,
    ILogger<SessionSandboxes> logger) : IAsyncDisposable, IDisposable
{
    private readonly ConcurrentDictionary<string, SessionSlot> _slots = new(StringComparer.Ordinal);
    private readonly SandboxOptions _options = options.Value;

    /// <summary>
    /// Runs the action with the session's live shell, starting a sandbox first when there is none (or
    /// <paramref name="restart"/>). Throws <see cref="SandboxStartException"/> when one cannot be started.
    /// </summary>
    public async Task<T> WithShellAsync<T>(
        string sessionId,
        NetworkPolicy network,
        bool restart,
        Func<PersistentShell, Task<T>> action,
        CancellationToken cancellationToken)
    {
        var slot = await TakeSlotAsync(sessionId, cancellationToken);
        try
        {
            if (restart || slot.Shell is { IsAlive: false })
            {
                await StopAsync(slot);
            }

            slot.Shell ??= await StartAsync(sessionId, network, cancellationToken);
            try
            {
                return await action(slot.Shell);
            }
            finally
            {
                if (!slot.Shell.IsAlive)
                {
                    await StopAsync(slot);
                }
            }
        }
        finally
        {
            slot.LastUsed = time.GetUtcNow();
            slot.Timer.Change(_options.IdleTimeout, Timeout.InfiniteTimeSpan);
            slot.Gate.Release();
        }
    }

    /// <summary>
    /// The session's slot with its gate held. A slot the idle timer retired (and removed) while this call waited for
    /// its gate is left for a new one, so two calls never hold different slots of one session.
    /// </summary>
    private async Task<SessionSlot> TakeSlotAsync(string sessionId, CancellationToken cancellationToken)
    {
        while (true)
        {
            var slot = _slots.GetOrAdd(sessionId, id => new SessionSlot(time.CreateTimer(OnIdle, id, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan)));
            await slot.Gate.WaitAsync(cancellationToken);
            if (!slot.Retired)
            {
                return slot;
            }

            slot.Gate.Release();
        }
    }

    /// <summary>Whether the session has a slot (a sandbox, or one stopped less than an idle timeout ago); for tests.</summary>
    internal bool Tracks(string sessionId) => _slots.ContainsKey(sessionId);

    /// <summary>The host pid of the session's sandbox, or null when it has none running (for tests and diagnostics).</summary>
    internal int? ProcessIdOf(string sessionId) =>
        _slots.TryGetValue(sessionId, out var slot) && slot.Shell is { IsAlive: true } shell ? shell.Sandbox.ProcessId : null;

    /// <summary>Stops the session's sandbox (if any) and forgets it; the caller deletes the workspace.</summary>
    public async Task DiscardAsync(string sessionId, CancellationToken cancellationToken)
    {
        if (_slots.TryRemove(sessionId, out var slot))
        {
            await slot.Gate.WaitAsync(cancellationToken);
            try
            {
                slot.Retired = true;
                await StopAsync(slot);
                await slot.Timer.DisposeAsync();
            }
            finally
            {
                slot.Gate.Release();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var id in _slots.Keys)
        {
            await DiscardAsync(id, CancellationToken.None);
        }
    }

    /// <summary>Kills every sandbox at once (for hosts that dispose synchronously); cgroups are left to the OS.</summary>
    public void Dispose()
    {
        foreach (var id in _slots.Keys)
        {
            if (_slots.TryRemove(id, out var slot))
            {
                slot.Shell?.Kill();
                slot.Timer.Dispose();
            }
        }
    }

    private async Task<PersistentShell> StartAsync(string sessionId, NetworkPolicy network, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var request = new SandboxRequest(sessionId, workspaces.For(sessionId), network, workspaces.Mounts(sessionId));
        ISandbox sandbox;
        try
        {
            sandbox = await provider.StartAsync(request, cancellationToken);
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            throw new SandboxStartException($"the sandbox could not be started: {e.Message}");
        }

        var launched = Stopwatch.GetElapsedTime(started);
        PersistentShell shell;
        try
        {
            shell = await PersistentShell.StartAsync(sandbox, _options.StartTimeout, cancellationToken);
        }
        catch (Exception e) when (e is InvalidOperationException or System.Net.Sockets.SocketException)
        {
            throw new SandboxStartException($"the sandbox could not be set up: {e.Message}");
        }

        var elapsed = Stopwatch.GetElapsedTime(started);
        LogStarted(logger, sessionId, provider.Name, elapsed.TotalMilliseconds, launched.TotalMilliseconds);
        return shell;
    }

    private static async Task StopAsync(SessionSlot slot)
    {
        if (slot.Shell is { } shell)
        {
            slot.Shell = null;
            await shell.DisposeAsync();
        }
    }

    private void OnIdle(object? state)
    {
        var sessionId = (string)state!;
        if (!_slots.TryGetValue(sessionId, out var slot) || !slot.Gate.Wait(0))
        {
            // Busy: the call in progress re-arms the timer when it ends.
            return;
        }

        try
        {
            if (time.GetUtcNow() - slot.LastUsed < _options.IdleTimeout)
            {
                return;
            }

            if (slot.Shell is { } shell)
            {
                slot.Shell = null;
                shell.Kill();
                _ = shell.DisposeAsync().AsTask();
                LogIdleStop(logger, sessionId);
            }

            // An idle session keeps nothing here: the slot goes too, and the next call makes a new one.
            slot.Retired = true;
            _slots.TryRemove(new KeyValuePair<string, SessionSlot>(sessionId, slot));
            slot.Timer.Dispose();
        }
        finally
        {
            slot.Gate.Release();
        }
    }

    private sealed class SessionSlot(ITimer timer)
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);

        public ITimer Timer { get; } = timer;

        public PersistentShell? Shell { get; set; }

        public DateTimeOffset LastUsed { get; set; }

        /// <summary>Removed (after an idle timeout, or discarded); a call that still got it takes a new slot.</summary>
        public bool Retired { get; set; }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Sandbox for {SessionId} started by {Provider} in {Milliseconds:0.0} ms ({LaunchMilliseconds:0.0} ms to launch)")]
    private static partial void LogStarted(ILogger logger, string sessionId, string provider, double milliseconds, double launchMilliseconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Sandbox for {SessionId} stopped after being idle; its workspace stays")]
    private static partial void LogIdleStop(ILogger logger, string sessionId);
}
