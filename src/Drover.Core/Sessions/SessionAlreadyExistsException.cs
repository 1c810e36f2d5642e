namespace Drover.Sessions;

/// <summary>A session with the given id exists already.</summary>
public sealed class SessionAlreadyExistsException(string sessionId)
    : SessionLogException($"A session with id '{sessionId}' exists already.")
{
    public string SessionId { get; } = sessionId;
}
