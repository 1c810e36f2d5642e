using Drover.Sessions;
using Drover.Storage.Sqlite;

namespace Drover.Storage.Tests;

/// <summary>Real SQLite files in a temporary folder that is removed afterwards.</summary>
public sealed class SqliteFixture : ISessionLogFixture, IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("drover-sqlite-").FullName;
    private SqliteSessionLog? _log;

    public ISessionLog Log => _log ?? throw new InvalidOperationException("The fixture is not initialised.");

    public Task<ISessionLog> OpenAsync(string name, TimeProvider? timeProvider = null) =>
        Task.FromResult<ISessionLog>(new SqliteSessionLog(new SqliteStoreOptions { Path = PathOf(name) }, new SessionLogOptions(), timeProvider ?? TimeProvider.System));

    /// <summary>The file that <see cref="OpenAsync"/> opens for <paramref name="name"/>.</summary>
    public string PathOf(string name) => Path.Combine(_folder, name + ".db");

    public async ValueTask InitializeAsync() => _log = (SqliteSessionLog)await OpenAsync("shared");

    public async ValueTask DisposeAsync()
    {
        if (_log is not null)
        {
            await _log.DisposeAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}
