namespace Drover.Resources;

/// <summary>
/// The resource is not at the version (or revision) the update expected: someone else updated it first.
/// Read it again and retry.
/// </summary>
public sealed class ResourceVersionConflictException(string kind, string id, int expectedVersion, int actualVersion)
    : ResourceStoreException(expectedVersion == actualVersion
        ? $"The {kind} '{id}' was changed by another request; read it again and retry."
        : $"The {kind} '{id}' is at version {actualVersion}, not the expected {expectedVersion}.")
{
    public string Kind { get; } = kind;

    public string Id { get; } = id;

    public int ExpectedVersion { get; } = expectedVersion;

    /// <summary>The current version; equal to <see cref="ExpectedVersion"/> when only the revision differed.</summary>
    public int ActualVersion { get; } = actualVersion;
}
