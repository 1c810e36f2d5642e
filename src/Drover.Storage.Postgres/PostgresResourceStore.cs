using Drover.Resources;
using Npgsql;
using NpgsqlTypes;

namespace Drover.Storage.Postgres;

/// <summary>
/// The PostgreSQL resource store: one <c>resources</c> table in a configured schema, created on first use.
/// Concurrent writers, in this process or others, are kept apart by the table's constraints and row locks.
/// </summary>
public sealed partial class PostgresResourceStore : IResourceStore, IAsyncDisposable
{
    private const string Columns = "kind, id, version, revision, unique_name, created_at, updated_at, archived_at, data";

    private readonly NpgsqlDataSource _dataSource;
    private readonly bool _ownsDataSource;
    private readonly string _schema;
    private readonly string _table;

    /// <summary>Uses its own data source, disposed with the store.</summary>
    public PostgresResourceStore(PostgresResourceStoreOptions options)
        : this(NpgsqlDataSource.Create(Required(options).ConnectionString), options.Schema, ownsDataSource: true)
    {
    }

    /// <summary>Shares <paramref name="dataSource"/> (the process's one data source), which the caller disposes.</summary>
    public PostgresResourceStore(NpgsqlDataSource dataSource, string schema)
        : this(dataSource, schema, ownsDataSource: false)
    {
    }

    private PostgresResourceStore(NpgsqlDataSource dataSource, string schema, bool ownsDataSource)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        _schema = ValidateSchema(schema);
        _table = $"\"{_schema}\".resources";
        _dataSource = dataSource;
        _ownsDataSource = ownsDataSource;
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

        await using var connection = await OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            $"INSERT INTO {_table} ({Columns}, is_current) VALUES (@kind, @id, 1, 1, @name, @created, @updated, @archived, @data, true)",
            connection);
        BindRow(command, stored);
        try
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            throw ex.ConstraintName == UniqueNameIndex
                ? new ResourceNameTakenException(stored.Kind)
                : new ResourceAlreadyExistsException(stored.Kind, stored.Id);
        }

        return stored;
    }

    public async Task<ResourceRecord?> GetAsync(string kind, string id, int? version = null, CancellationToken cancellationToken = default)
    {
        ResourceRules.ValidateKind(kind);
        ArgumentException.ThrowIfNullOrEmpty(id);
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            version is null
                ? $"SELECT {Columns} FROM {_table} WHERE kind = @kind AND id = @id AND is_current"
                : $"SELECT {Columns} FROM {_table} WHERE kind = @kind AND id = @id AND version = @version",
            connection);
        command.Parameters.AddWithValue("kind", kind);
        command.Parameters.AddWithValue("id", id);
        if (version is { } v)
        {
            command.Parameters.AddWithValue("version", v);
        }

        return await ReadSingleAsync(command, cancellationToken);
    }

    public async Task<ResourceRecord?> FindByUniqueNameAsync(string kind, string uniqueName, CancellationToken cancellationToken = default)
    {
        ResourceRules.ValidateKind(kind);
        ArgumentException.ThrowIfNullOrEmpty(uniqueName);
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"SELECT {Columns} FROM {_table} WHERE kind = @kind AND unique_name = @name AND is_current", connection);
        command.Parameters.AddWithValue("kind", kind);
        command.Parameters.AddWithValue("name", uniqueName);
        return await ReadSingleAsync(command, cancellationToken);
    }

    public async Task<bool> DeleteAsync(string kind, string id, CancellationToken cancellationToken = default)
    {
        ResourceRules.ValidateKind(kind);
        ArgumentException.ThrowIfNullOrEmpty(id);
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"DELETE FROM {_table} WHERE kind = @kind AND id = @id", connection);
        command.Parameters.AddWithValue("kind", kind);
        command.Parameters.AddWithValue("id", id);
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    public async ValueTask DisposeAsync()
    {
        if (_ownsDataSource)
        {
            await _dataSource.DisposeAsync();
        }

        _schemaGate.Dispose();
    }

    private static PostgresResourceStoreOptions Required(PostgresResourceStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options;
    }

    /// <summary>Whole milliseconds in UTC: what the store keeps, and the only offset Npgsql writes to <c>timestamptz</c>.</summary>
    private static DateTimeOffset Truncate(DateTimeOffset time) => ResourceRules.FromUnixMilliseconds(ResourceRules.ToUnixMilliseconds(time));

    /// <summary>Binds a record's columns except version, revision and is_current.</summary>
    private static void BindRow(NpgsqlCommand command, ResourceRecord resource)
    {
        command.Parameters.AddWithValue("kind", resource.Kind);
        command.Parameters.AddWithValue("id", resource.Id);
        command.Parameters.Add(new NpgsqlParameter("name", NpgsqlDbType.Text) { Value = (object?)resource.UniqueName ?? DBNull.Value });
        command.Parameters.AddWithValue("created", Truncate(resource.CreatedAt));
        command.Parameters.AddWithValue("updated", Truncate(resource.UpdatedAt));
        command.Parameters.Add(new NpgsqlParameter("archived", NpgsqlDbType.TimestampTz)
        {
            Value = resource.ArchivedAt is { } archived ? Truncate(archived) : DBNull.Value,
        });
        command.Parameters.Add(new NpgsqlParameter("data", NpgsqlDbType.Json) { Value = resource.Data });
    }

    private static ResourceRecord ReadRow(NpgsqlDataReader reader) =>
        new(
            reader.GetString(0),
            reader.GetString(1),
            reader.GetInt32(2),
            reader.IsDBNull(4) ? null : reader.GetString(4),
            reader.GetFieldValue<DateTimeOffset>(5),
            reader.GetFieldValue<DateTimeOffset>(6),
            reader.IsDBNull(7) ? null : reader.GetFieldValue<DateTimeOffset>(7),
            reader.GetString(8))
        {
            Revision = reader.GetInt64(3),
        };

    private static async Task<ResourceRecord?> ReadSingleAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadRow(reader) : null;
    }

    private async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        if (!_schemaReady)
        {
            await EnsureSchemaAsync(cancellationToken);
        }

        return await _dataSource.OpenConnectionAsync(cancellationToken);
    }
}
