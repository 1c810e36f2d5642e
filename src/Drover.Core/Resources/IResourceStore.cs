namespace Drover.Resources;

/// <summary>
/// Durable JSON documents for the API's resources (agents, environments, session records, API keys),
/// grouped by kind, with optional versioning, an optional unique name and keyset-paged lists.
/// </summary>
/// <remarks>
/// Implementations are thread-safe and shared by the whole process. Every failure a caller can cause
/// with data is a <see cref="ResourceStoreException"/> whose message is safe to show a client; invalid
/// arguments (a malformed kind, field name or JSON document) are <see cref="ArgumentException"/>s, as
/// they are bugs of the calling code. Times are kept to the millisecond and returned in UTC.
/// </remarks>
public interface IResourceStore
{
    /// <summary>
    /// Stores a new resource at version 1 and returns it as stored. Throws
    /// <see cref="ResourceAlreadyExistsException"/> when the kind has the id already and
    /// <see cref="ResourceNameTakenException"/> when another current resource of the kind holds the unique name.
    /// </summary>
    Task<ResourceRecord> CreateAsync(ResourceRecord resource, CancellationToken cancellationToken = default);

    /// <summary>Returns the resource's current version, or version <paramref name="version"/>; <see langword="null"/> when there is none.</summary>
    Task<ResourceRecord?> GetAsync(string kind, string id, int? version = null, CancellationToken cancellationToken = default);

    /// <summary>Returns the current resource of the kind holding the unique name (archived or not), or <see langword="null"/>.</summary>
    Task<ResourceRecord?> FindByUniqueNameAsync(string kind, string uniqueName, CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes <paramref name="resource"/> (identified by its kind and id) if the resource is still at
    /// <paramref name="expectedVersion"/> and, when <see cref="ResourceRecord.Revision"/> of
    /// <paramref name="resource"/> is not 0, still at that revision. With <paramref name="newVersion"/> it
    /// becomes version <paramref name="expectedVersion"/> + 1 and the earlier versions stay readable;
    /// otherwise it replaces the current version in place. <see cref="ResourceRecord.CreatedAt"/> and
    /// <see cref="ResourceRecord.Version"/> of <paramref name="resource"/> are ignored. Returns the record as
    /// stored. Throws <see cref="ResourceNotFoundException"/>, <see cref="ResourceVersionConflictException"/>
    /// or <see cref="ResourceNameTakenException"/>.
    /// </summary>
    Task<ResourceRecord> UpdateAsync(ResourceRecord resource, int expectedVersion, bool newVersion, CancellationToken cancellationToken = default);

    /// <summary>Lists current versions of the kind's resources, by creation time then id. Throws <see cref="InvalidCursorException"/>.</summary>
    Task<ResourcePage> ListAsync(string kind, ResourceQuery query, CancellationToken cancellationToken = default);

    /// <summary>
    /// Lists every version of one resource, newest first; empty when there is no such resource. Throws
    /// <see cref="InvalidCursorException"/>.
    /// </summary>
    Task<ResourcePage> ListVersionsAsync(string kind, string id, int limit = 20, string? cursor = null, CancellationToken cancellationToken = default);

    /// <summary>Counts the kind's current resources that match every filter, including archived ones when asked.</summary>
    Task<long> CountAsync(string kind, IReadOnlyList<ResourceFilter> filters, bool includeArchived = false, CancellationToken cancellationToken = default);

    /// <summary>Removes the resource with all its versions; returns <see langword="false"/> when there was none.</summary>
    Task<bool> DeleteAsync(string kind, string id, CancellationToken cancellationToken = default);
}
