using Drover.Resources;
using Microsoft.Data.Sqlite;

namespace Drover.Storage.Sqlite;

public sealed partial class SqliteResourceStore
{
    public async Task<ResourceRecord> UpdateAsync(ResourceRecord resource, int expectedVersion, bool newVersion, CancellationToken cancellationToken = default)
    {
        ResourceRules.ValidateForWrite(resource);
        ArgumentOutOfRangeException.ThrowIfLessThan(expectedVersion, 1);

        // Synchronous, like the write itself (see SqliteWriteGate).
        _writeGate.Wait(cancellationToken);
        try
        {
            using var transaction = _writer.BeginTransaction(deferred: false);

            // The guard: only the current row at the expected version (and revision, when given) matches.
            // A versioned update retires that row and inserts the next; an in-place update rewrites it.
            await using var guard = _writer.CreateCommand();
            guard.Transaction = transaction;
            guard.CommandText = newVersion
                ? """
                  UPDATE resources SET is_current = 0
                  WHERE kind = $kind AND id = $id AND is_current = 1 AND version = $expected AND ($revision = 0 OR revision = $revision)
                  RETURNING created_at, revision
                  """
                : """
                  UPDATE resources SET unique_name = $name, updated_at = $updated, archived_at = $archived, data = $data, revision = revision + 1
                  WHERE kind = $kind AND id = $id AND is_current = 1 AND version = $expected AND ($revision = 0 OR revision = $revision)
                  RETURNING created_at, revision
                  """;
            BindRow(guard, resource);
            guard.Parameters.AddWithValue("$expected", expectedVersion);
            guard.Parameters.AddWithValue("$revision", resource.Revision);

            (long CreatedAt, long Revision)? matched = null;
            try
            {
                await using var reader = await guard.ExecuteReaderAsync(cancellationToken);
                if (await reader.ReadAsync(cancellationToken))
                {
                    matched = (reader.GetInt64(0), reader.GetInt64(1));
                }
            }
            catch (SqliteException ex) when (ex.SqliteErrorCode == SqliteConstraint)
            {
                throw new ResourceNameTakenException(resource.Kind);
            }

            var (createdAt, revision) = matched ?? throw await ExplainRefusalAsync(transaction, resource, expectedVersion, cancellationToken);

            var version = expectedVersion;
            if (newVersion)
            {
                version++;
                revision++;
                await using var insert = _writer.CreateCommand();
                insert.Transaction = transaction;
                insert.CommandText = $"INSERT INTO resources ({SqliteResourceSchema.Columns}, is_current) VALUES ($kind, $id, $version, $revision, $name, $created, $updated, $archived, $data, 1)";
                BindRow(insert, resource with { CreatedAt = ResourceRules.FromUnixMilliseconds(createdAt) });
                insert.Parameters.AddWithValue("$version", version);
                insert.Parameters.AddWithValue("$revision", revision);
                try
                {
                    await insert.ExecuteNonQueryAsync(cancellationToken);
                }
                catch (SqliteException ex) when (ex.SqliteErrorCode == SqliteConstraint)
                {
                    throw new ResourceNameTakenException(resource.Kind);
                }
            }

            transaction.Commit();
            return resource with
            {
                Version = version,
                Revision = revision,
                CreatedAt = ResourceRules.FromUnixMilliseconds(createdAt),
                UpdatedAt = Truncate(resource.UpdatedAt),
                ArchivedAt = resource.ArchivedAt is { } archived ? Truncate(archived) : null,
            };
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <summary>Says why the update's guard matched nothing: no such resource, or another version or revision.</summary>
    private async Task<ResourceStoreException> ExplainRefusalAsync(SqliteTransaction transaction, ResourceRecord resource, int expectedVersion, CancellationToken cancellationToken)
    {
        await using var command = _writer.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT version FROM resources WHERE kind = $kind AND id = $id AND is_current = 1";
        command.Parameters.AddWithValue("$kind", resource.Kind);
        command.Parameters.AddWithValue("$id", resource.Id);
        return await command.ExecuteScalarAsync(cancellationToken) is long actual
            ? new ResourceVersionConflictException(resource.Kind, resource.Id, expectedVersion, (int)actual)
            : new ResourceNotFoundException(resource.Kind, resource.Id);
    }
}
