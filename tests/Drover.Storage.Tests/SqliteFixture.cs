using Drover.Sessions;
using Drover.Storage.Sqlite;

namespace Drover.Storage.Tests;

/// <summary>Real SQLite files in a temporary folder that is removed afterwards.</summary>
public sealed class SqliteFixture : ISessionLogFixture, IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("drover-sqlite-").FullName;
    private SqliteSessionLog? _log;

    public ISessionLog Log => _log ?? throw new InvalidOperationException("The fixture is not initialised.");

    public Task<ISessionLog> OpenAsync(string name) =>
        Task.FromResult<ISessionLog>(new SqliteSessionLog(new SqliteStoreOptions { Path = Path.Combine(_folder, name + ".db") }, new SessionLogOptions(), TimeProvider.System));

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
