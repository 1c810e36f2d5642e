namespace Drover.Server.Sessions;

/// <summary>The resource store kinds the sessions endpoints read and write.</summary>
internal static class StoredKinds
{
    public const string Session = "session";
    public const string Agent = "agent";
    public const string Environment = "environment";

    /// <summary>
    /// Secrets a session was created with (GitHub repository tokens), kept apart from the session document
    /// because that document is served as it is stored. Id = the session id; deleted with the session.
    /// </summary>
    public const string SessionCredentials = "session_credentials";
}
