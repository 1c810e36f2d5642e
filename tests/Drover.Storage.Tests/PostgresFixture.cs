using Drover.Sessions;
using Drover.Storage.Postgres;
using Npgsql;
using Xunit.Sdk;

namespace Drover.Storage.Tests;

/// <summary>
/// A real PostgreSQL server named by <c>DROVER_TEST_POSTGRES</c>. Each fixture works in its own schemas
/// (a random prefix plus the database name) and drops them afterwards. Without the variable the tests are
/// skipped, except in CI (<c>CI=true</c>), where they fail.
/// </summary>
public sealed class PostgresFixture : ISessionLogFixture, IAsyncLifetime
{
    public const string EnvironmentVariable = "DROVER_TEST_POSTGRES";

    private const string HowToStart =
        $"Start a throwaway cluster with `eng/postgres-test-cluster.sh start` and export the {EnvironmentVariable}=... line it prints.";

    private readonly string? _connectionString = Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } value ? value : null;
    private readonly string _prefix = "t" + Guid.NewGuid().ToString("N")[..10];
    private readonly List<string> _schemas = [];
    private PostgresSessionLog? _log;

    public ISessionLog Log => _log ?? throw Unavailable();

    /// <summary>The server's connection string; skips the calling test when there is none.</summary>
    public string ConnectionString => _connectionString ?? throw Unavailable();

    public async Task<ISessionLog> OpenAsync(string name, TimeProvider? timeProvider = null) => await OpenAsync(name, applicationName: null, timeProvider);

    /// <summary>Opens an instance over the schema for <paramref name="name"/>; instances opened with the same name share it.</summary>
    public async Task<PostgresSessionLog> OpenAsync(string name, string? applicationName, TimeProvider? timeProvider = null)
    {
        var store = new PostgresStoreOptions { ConnectionString = ConnectionString, Schema = SchemaFor(name), ApplicationName = applicationName };
        return await PostgresSessionLog.OpenAsync(store, new SessionLogOptions(), timeProvider ?? TimeProvider.System, cancellationToken: TestContext.Current.CancellationToken);
    }

    /// <summary>The schema that <see cref="OpenAsync(string, string?, TimeProvider?)"/> uses for <paramref name="name"/>, dropped when the fixture ends.</summary>
    public string SchemaFor(string name)
    {
        var schema = $"{_prefix}_{name}";
        lock (_schemas)
        {
            if (!_schemas.Contains(schema))
            {
                _schemas.Add(schema);
            }
        }

        return schema;
    }

    public async ValueTask InitializeAsync()
    {
        if (_connectionString is null)
        {
            if (Environment.GetEnvironmentVariable("CI") == "true")
            {
                throw new InvalidOperationException($"The PostgreSQL tests need a server, and {EnvironmentVariable} is not set. {HowToStart}");
            }

            return;
        }

        _log = await OpenAsync("shared", "drover-tests");
    }

    public async ValueTask DisposeAsync()
    {
        // Without the shared instance nothing ran (no server, or it could not be reached): nothing to clean.
        if (_log is null || _connectionString is null)
        {
            return;
        }

        await _log.DisposeAsync();

        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        foreach (var schema in _schemas)
        {
            await using var drop = new NpgsqlCommand($"DROP SCHEMA IF EXISTS \"{schema}\" CASCADE", connection);
            await drop.ExecuteNonQueryAsync();
        }
    }

    private static SkipException Unavailable() => SkipException.ForSkip($"{EnvironmentVariable} is not set. {HowToStart}");
}
