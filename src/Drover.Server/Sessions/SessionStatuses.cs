namespace Drover.Server.Sessions;

/// <summary>The values of a session's <c>status</c>.</summary>
internal static class SessionStatuses
{
    public const string Idle = "idle";
    public const string Running = "running";
    public const string Rescheduling = "rescheduling";
    public const string Terminated = "terminated";

    public static readonly IReadOnlySet<string> All = new HashSet<string>([Idle, Running, Rescheduling, Terminated], StringComparer.Ordinal);
}
