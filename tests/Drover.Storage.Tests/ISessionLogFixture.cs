using Drover.Sessions;

namespace Drover.Storage.Tests;

/// <summary>What the conformance suite needs from a store: a shared instance, and fresh instances over named databases.</summary>
public interface ISessionLogFixture
{
    /// <summary>One instance shared by a test class; tests isolate themselves with unique session ids.</summary>
    ISessionLog Log { get; }

    /// <summary>
    /// Opens a new instance over the database called <paramref name="name"/> (a file or a schema), creating it when missing,
    /// with <paramref name="timeProvider"/> as its clock (the system's by default).
    /// </summary>
    Task<ISessionLog> OpenAsync(string name, TimeProvider? timeProvider = null);
}
