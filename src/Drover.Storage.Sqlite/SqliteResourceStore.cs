using Drover.Resources;
using Microsoft.Data.Sqlite;

namespace Drover.Storage.Sqlite;

/// <summary>
/// The embedded resource store: a <c>resources</c> table in a SQLite file (WAL mode), which may be the
/// session log's file. Writes go one at a time through one writer connection; reads use pooled connections.
/// </summary>
public sealed partial class SqliteResourceStore : IResourceStore, IAsyncDisposable
{
    private const int SqliteConstraint = 19;

    // How long a write waits for another process (or the session log's writer) to finish its transaction.
    private const int BusyTimeoutMilliseconds = 10_000;

    private readonly string _connectionString;
    private readonly SqliteConnection _writer;
    private readonly SemaphoreSlim _writeGate;

    public SqliteResourceStore(SqliteStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var fullPath = System.IO.Path.GetFullPath(options.Path);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(fullPath)!);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = fullPath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
        }.ToString();

        _writeGate = SqliteWriteGate.For(fullPath);
        _writer = new SqliteConnection(_connectionString);
        _writer.Open();
        using (var pragma = _writer.CreateCommand())
        {
            var synchronous = options.Durability == SqliteDurability.Full ? "FULL" : "NORMAL";
            pragma.CommandText = $"PRAGMA busy_timeout={BusyTimeoutMilliseconds}; PRAGMA synchronous={synchronous};";
            pragma.ExecuteNonQuery();
        }

        SqliteResourceSchema.Apply(_writer);
    }

    public async Task<ResourceRecord> CreateAsync(ResourceRecord resource, CancellationToken cancellationToken = default)
    {
        ResourceRules.ValidateForWrite(resource);
        if (resource.Version != 1)
        {
            throw new ArgumentException("A new resource is at version 1.", nameof(resource));
        }

        var stored = resource with
        {
            CreatedAt = Truncate(resource.CreatedAt),
            UpdatedAt = Truncate(resource.UpdatedAt),
            ArchivedAt = resource.ArchivedAt is { } archived ? Truncate(archived) : null,
            Revision = 1,
        };

        // Synchronous, like the write itself (see SqliteWriteGate).
        _writeGate.Wait(cancellationToken);
        try
        {
            using var transaction = _writer.BeginTransaction(deferred: false);
            await using var insert = _writer.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = $"INSERT INTO resources ({SqliteResourceSchema.Columns}, is_current) VALUES ($kind, $id, 1, 1, $name, $created, $updated, $archived, $data, 1)";
            BindRow(insert, stored);
            try
            {
                await insert.ExecuteNonQueryAsync(cancellationToken);
            }
            catch (SqliteException ex) when (ex.SqliteErrorCode == SqliteConstraint)
            {
                throw await ExistsAsync(transaction, stored.Kind, stored.Id, cancellationToken)
                    ? new ResourceAlreadyExistsException(stored.Kind, stored.Id)
                    : new ResourceNameTakenException(stored.Kind);
            }

            transaction.Commit();
        }
        finally
        {
            _writeGate.Release();
        }

        return stored;
    }

    public async Task<ResourceRecord?> GetAsync(string kind, string id, int? version = null, CancellationToken cancellationToken = default)
    {
        ResourceRules.ValidateKind(kind);
        ArgumentException.ThrowIfNullOrEmpty(id);
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = version is null
            ? $"SELECT {SqliteResourceSchema.Columns} FROM resources WHERE kind = $kind AND id = $id AND is_current = 1"
            : $"SELECT {SqliteResourceSchema.Columns} FROM resources WHERE kind = $kind AND id = $id AND version = $version";
        command.Parameters.AddWithValue("$kind", kind);
        command.Parameters.AddWithValue("$id", id);
        command.Parameters.AddWithValue("$version", (object?)version ?? DBNull.Value);
        return await ReadSingleAsync(command, cancellationToken);
    }

    public async Task<ResourceRecord?> FindByUniqueNameAsync(string kind, string uniqueName, CancellationToken cancellationToken = default)
    {
        ResourceRules.ValidateKind(kind);
        ArgumentException.ThrowIfNullOrEmpty(uniqueName);
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {SqliteResourceSchema.Columns} FROM resources WHERE kind = $kind AND unique_name = $name AND is_current = 1";
        command.Parameters.AddWithValue("$kind", kind);
        command.Parameters.AddWithValue("$name", uniqueName);
        return await ReadSingleAsync(command, cancellationToken);
    }

    public async Task<bool> DeleteAsync(string kind, string id, CancellationToken cancellationToken = default)
    {
        ResourceRules.ValidateKind(kind);
        ArgumentException.ThrowIfNullOrEmpty(id);
        // Synchronous, like the write itself (see SqliteWriteGate).
        _writeGate.Wait(cancellationToken);
        try
        {
            await using var command = _writer.CreateCommand();
            command.CommandText = "DELETE FROM resources WHERE kind = $kind AND id = $id";
            command.Parameters.AddWithValue("$kind", kind);
            command.Parameters.AddWithValue("$id", id);
            return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
        }
        finally
        {
            _writeGate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        // The gate is the file's, shared with the session log: wait for a write in flight, but do not dispose it.
        await _writeGate.WaitAsync();
        try
        {
            await _writer.DisposeAsync();
        }
        finally
        {
            _writeGate.Release();
        }
    }

    private static DateTimeOffset Truncate(DateTimeOffset time) => ResourceRules.FromUnixMilliseconds(ResourceRules.ToUnixMilliseconds(time));

    /// <summary>Binds a record's columns except version, revision and is_current.</summary>
    private static void BindRow(SqliteCommand command, ResourceRecord resource)
    {
        command.Parameters.AddWithValue("$kind", resource.Kind);
        command.Parameters.AddWithValue("$id", resource.Id);
        command.Parameters.AddWithValue("$name", (object?)resource.UniqueName ?? DBNull.Value);
        command.Parameters.AddWithValue("$created", ResourceRules.ToUnixMilliseconds(resource.CreatedAt));
        command.Parameters.AddWithValue("$updated", ResourceRules.ToUnixMilliseconds(resource.UpdatedAt));
        command.Parameters.AddWithValue("$archived", resource.ArchivedAt is { } archived ? ResourceRules.ToUnixMilliseconds(archived) : DBNull.Value);
        command.Parameters.AddWithValue("$data", resource.Data);
    }

    private static ResourceRecord ReadRow(SqliteDataReader reader) =>
        new(
            reader.GetString(0),
            reader.GetString(1),
            reader.GetInt32(2),
            reader.IsDBNull(4) ? null : reader.GetString(4),
            ResourceRules.FromUnixMilliseconds(reader.GetInt64(5)),
            ResourceRules.FromUnixMilliseconds(reader.GetInt64(6)),
            reader.IsDBNull(7) ? null : ResourceRules.FromUnixMilliseconds(reader.GetInt64(7)),
            reader.GetString(8))
        {
            Revision = reader.GetInt64(3),
        };

    private static async Task<ResourceRecord?> ReadSingleAsync(SqliteCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadRow(reader) : null;
    }

    private async Task<bool> ExistsAsync(SqliteTransaction transaction, string kind, string id, CancellationToken cancellationToken)
    {
        await using var command = _writer.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT 1 FROM resources WHERE kind = $kind AND id = $id LIMIT 1";
        command.Parameters.AddWithValue("$kind", kind);
        command.Parameters.AddWithValue("$id", id);
        return await command.ExecuteScalarAsync(cancellationToken) is not null;
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }
}
