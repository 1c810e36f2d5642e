using Drover.Resources;
using Npgsql;

namespace Drover.Storage.Postgres;

public sealed partial class PostgresResourceStore
{
    public async Task<ResourceRecord> UpdateAsync(ResourceRecord resource, int expectedVersion, bool newVersion, CancellationToken cancellationToken = default)
    {
        ResourceRules.ValidateForWrite(resource);
        ArgumentOutOfRangeException.ThrowIfLessThan(expectedVersion, 1);

        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        // The guard: only the current row at the expected version (and revision, when given) matches. A
        // concurrent updater waits for this row's lock, then finds it changed and matches nothing.
        await using var guard = new NpgsqlCommand(
            newVersion
                ? $"""
                   UPDATE {_table} SET is_current = false
                   WHERE kind = @kind AND id = @id AND is_current AND version = @expected AND (@revision = 0 OR revision = @revision)
                   RETURNING created_at, revision
                   """
                : $"""
                   UPDATE {_table} SET unique_name = @name, updated_at = @updated, archived_at = @archived, data = @data, revision = revision + 1
                   WHERE kind = @kind AND id = @id AND is_current AND version = @expected AND (@revision = 0 OR revision = @revision)
                   RETURNING created_at, revision
                   """,
            connection,
            transaction);
        BindRow(guard, resource);
        guard.Parameters.AddWithValue("expected", expectedVersion);
        guard.Parameters.AddWithValue("revision", resource.Revision);

        (DateTimeOffset CreatedAt, long Revision)? matched = null;
        try
        {
            await using var reader = await guard.ExecuteReaderAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken))
            {
                matched = (reader.GetFieldValue<DateTimeOffset>(0), reader.GetInt64(1));
            }
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UniqueViolation && ex.ConstraintName == UniqueNameIndex)
        {
            throw new ResourceNameTakenException(resource.Kind);
        }

        var (createdAt, revision) = matched ?? throw await ExplainRefusalAsync(connection, transaction, resource, expectedVersion, cancellationToken);
        var version = expectedVersion;
        if (newVersion)
        {
            version++;
            revision++;
            await using var insert = new NpgsqlCommand(
                $"INSERT INTO {_table} ({Columns}, is_current) VALUES (@kind, @id, @version, @revision, @name, @created, @updated, @archived, @data, true)",
                connection,
                transaction);
            BindRow(insert, resource with { CreatedAt = createdAt });
            insert.Parameters.AddWithValue("version", version);
            insert.Parameters.AddWithValue("revision", revision);
            try
            {
                await insert.ExecuteNonQueryAsync(cancellationToken);
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UniqueViolation && ex.ConstraintName == UniqueNameIndex)
            {
                throw new ResourceNameTakenException(resource.Kind);
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return resource with
        {
            Version = version,
            Revision = revision,
            CreatedAt = createdAt,
            UpdatedAt = Truncate(resource.UpdatedAt),
            ArchivedAt = resource.ArchivedAt is { } archived ? Truncate(archived) : null,
        };
    }

    /// <summary>Says why the update's guard matched nothing: no such resource, or another version or revision.</summary>
    private async Task<ResourceStoreException> ExplainRefusalAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        ResourceRecord resource,
        int expectedVersion,
        CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"SELECT version FROM {_table} WHERE kind = @kind AND id = @id AND is_current", connection, transaction);
        command.Parameters.AddWithValue("kind", resource.Kind);
        command.Parameters.AddWithValue("id", resource.Id);
        return await command.ExecuteScalarAsync(cancellationToken) is int actual
            ? new ResourceVersionConflictException(resource.Kind, resource.Id, expectedVersion, actual)
            : new ResourceNotFoundException(resource.Kind, resource.Id);
    }
}
