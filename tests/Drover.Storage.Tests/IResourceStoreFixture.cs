using Drover.Resources;

namespace Drover.Storage.Tests;

/// <summary>What the resource store conformance suite needs from a store: a shared instance, and fresh instances over named databases.</summary>
public interface IResourceStoreFixture
{
    /// <summary>One instance shared by a test class; tests isolate themselves with unique kinds.</summary>
    IResourceStore Store { get; }

    /// <summary>
    /// Opens a new instance over the database called <paramref name="name"/> (a file or a schema),
    /// creating it when missing; the caller disposes it. Two calls with one name share the data.
    /// </summary>
    Task<IResourceStore> OpenAsync(string name);
}
