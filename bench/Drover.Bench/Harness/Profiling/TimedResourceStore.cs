using Drover.Resources;

namespace Drover.Bench.Harness.Profiling;

/// <summary>Times every call of the server's resource store (agents, environments, session documents).</summary>
internal sealed class TimedResourceStore(IResourceStore inner, CallTimes times) : IResourceStore, IAsyncDisposable
{
    public Task<ResourceRecord> CreateAsync(ResourceRecord resource, CancellationToken cancellationToken = default) =>
        times.TimeAsync($"resources.Create {resource.Kind}", () => inner.CreateAsync(resource, cancellationToken));

    public Task<ResourceRecord?> GetAsync(string kind, string id, int? version = null, CancellationToken cancellationToken = default) =>
        times.TimeAsync($"resources.Get {kind}", () => inner.GetAsync(kind, id, version, cancellationToken), id);

    public Task<ResourceRecord?> FindByUniqueNameAsync(string kind, string uniqueName, CancellationToken cancellationToken = default) =>
        times.TimeAsync($"resources.FindByName {kind}", () => inner.FindByUniqueNameAsync(kind, uniqueName, cancellationToken));

    public Task<ResourceRecord> UpdateAsync(ResourceRecord resource, int expectedVersion, bool newVersion, CancellationToken cancellationToken = default) =>
        times.TimeAsync($"resources.Update {resource.Kind}", () => inner.UpdateAsync(resource, expectedVersion, newVersion, cancellationToken), resource.Id);

    public Task<ResourcePage> ListAsync(string kind, ResourceQuery query, CancellationToken cancellationToken = default) =>
        times.TimeAsync($"resources.List {kind}", () => inner.ListAsync(kind, query, cancellationToken));

    public Task<ResourcePage> ListVersionsAsync(string kind, string id, int limit = 20, string? cursor = null, CancellationToken cancellationToken = default) =>
        times.TimeAsync($"resources.ListVersions {kind}", () => inner.ListVersionsAsync(kind, id, limit, cursor, cancellationToken));

    public Task<long> CountAsync(string kind, IReadOnlyList<ResourceFilter> filters, bool includeArchived = false, CancellationToken cancellationToken = default) =>
        times.TimeAsync($"resources.Count {kind}", () => inner.CountAsync(kind, filters, includeArchived, cancellationToken));

    public Task<bool> DeleteAsync(string kind, string id, CancellationToken cancellationToken = default) =>
        times.TimeAsync($"resources.Delete {kind}", () => inner.DeleteAsync(kind, id, cancellationToken));

    public async ValueTask DisposeAsync()
    {
        if (inner is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync();
        }
    }
}
