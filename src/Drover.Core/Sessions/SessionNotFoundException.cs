namespace Drover.Sessions;

/// <summary>No session has the given id.</summary>
public sealed class SessionNotFoundException(string sessionId)
    : SessionLogException($"No session has id '{sessionId}'.")
{
    public string SessionId { get; } = sessionId;
}
