using Drover.Resources;
using Drover.Storage.Postgres;
using Npgsql;

namespace Drover.Storage.Tests;

/// <summary>
/// A real PostgreSQL server named by <c>DROVER_TEST_POSTGRES</c> (an Npgsql connection string). Each
/// fixture works in its own uniquely named schemas and drops them afterwards. Without the variable the
/// tests are skipped, unless <c>CI=true</c>, where they fail.
/// </summary>
public sealed class PostgresResourceStoreFixture : IResourceStoreFixture, IAsyncLifetime
{
    public const string ConnectionStringVariable = "DROVER_TEST_POSTGRES";

    private readonly string? _connectionString = Environment.GetEnvironmentVariable(ConnectionStringVariable);
    private readonly string _prefix = $"drover_test_{Guid.NewGuid():N}"[..24];
    private readonly HashSet<string> _schemas = [];
    private PostgresResourceStore? _store;

    public IResourceStore Store
    {
        get
        {
            RequireServer();
            return _store ?? throw new InvalidOperationException("The fixture is not initialised.");
        }
    }

    public Task<IResourceStore> OpenAsync(string name)
    {
        RequireServer();
        var schema = $"{_prefix}_{name.Replace('-', '_')}".ToLowerInvariant();
        lock (_schemas)
        {
            _schemas.Add(schema);
        }

        return Task.FromResult<IResourceStore>(new PostgresResourceStore(new PostgresResourceStoreOptions { ConnectionString = _connectionString!, Schema = schema }));
    }

    public async ValueTask InitializeAsync()
    {
        if (_connectionString is not null)
        {
            _store = (PostgresResourceStore)await OpenAsync("shared");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_store is not null)
        {
            await _store.DisposeAsync();
        }

        if (_connectionString is null || _schemas.Count == 0)
        {
            return;
        }

        await using var dataSource = NpgsqlDataSource.Create(_connectionString);
        await using var command = dataSource.CreateCommand(string.Join(' ', _schemas.Select(s => $"DROP SCHEMA IF EXISTS \"{s}\" CASCADE;")));
        await command.ExecuteNonQueryAsync();
    }

    private void RequireServer()
    {
        if (_connectionString is not null)
        {
            return;
        }

        var message = $"{ConnectionStringVariable} is not set: set it to an Npgsql connection string of a test server to run the PostgreSQL tests.";
        if (Environment.GetEnvironmentVariable("CI") == "true")
        {
            Assert.Fail(message);
        }

        Assert.Skip(message);
    }
}
