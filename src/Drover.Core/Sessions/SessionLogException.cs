namespace Drover.Sessions;

/// <summary>
/// A failure of the session log that the caller caused (unknown session, conflict, bad event). Its
/// <see cref="Exception.Message"/> is safe to show a client; nothing of the failed call was stored.
/// </summary>
public abstract class SessionLogException(string message) : Exception(message)
{
}
