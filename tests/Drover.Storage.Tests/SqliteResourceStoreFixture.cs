using Drover.Resources;
using Drover.Storage.Sqlite;

namespace Drover.Storage.Tests;

/// <summary>Real SQLite files in a temporary folder that is removed afterwards.</summary>
public sealed class SqliteResourceStoreFixture : IResourceStoreFixture, IAsyncLifetime
{
    private SqliteResourceStore? _store;

    /// <summary>The folder of this fixture's database files.</summary>
    public string Folder { get; } = Directory.CreateTempSubdirectory("drover-resources-").FullName;

    public IResourceStore Store => _store ?? throw new InvalidOperationException("The fixture is not initialised.");

    public Task<IResourceStore> OpenAsync(string name) =>
        Task.FromResult<IResourceStore>(new SqliteResourceStore(new SqliteStoreOptions { Path = Path.Combine(Folder, name + ".db") }));

    public async ValueTask InitializeAsync() => _store = (SqliteResourceStore)await OpenAsync("shared");

    public async ValueTask DisposeAsync()
    {
        if (_store is not null)
        {
            await _store.DisposeAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(Folder, recursive: true);
    }
}
