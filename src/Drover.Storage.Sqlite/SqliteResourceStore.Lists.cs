using System.Text;
using Drover.Resources;
using Microsoft.Data.Sqlite;

namespace Drover.Storage.Sqlite;

public sealed partial class SqliteResourceStore
{
    public async Task<ResourcePage> ListAsync(string kind, ResourceQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var selection = Selection.Current(kind, query.Filters, query.IncludeArchived, ResourceRules.CreatedRange(query));
        await using var connection = await OpenAsync(cancellationToken);
        return await ResourcePaging.ListAsync(
            kind,
            query,
            (after, descending, take, ct) => ScanAsync(connection, selection, "created_at", after, descending, take, ct),
            cancellationToken);
    }

    public async Task<ResourcePage> ListVersionsAsync(string kind, string id, int limit = 20, string? cursor = null, CancellationToken cancellationToken = default)
    {
        ResourceRules.ValidateKind(kind);
        ArgumentException.ThrowIfNullOrEmpty(id);
        var selection = new Selection();
        selection.Add($"kind = {selection.Parameter(kind)} AND id = {selection.Parameter(id)}");
        await using var connection = await OpenAsync(cancellationToken);
        return await ResourcePaging.ListVersionsAsync(
            kind,
            id,
            limit,
            cursor,
            (after, descending, take, ct) => ScanAsync(connection, selection, "version", after, descending, take, ct),
            cancellationToken);
    }

    public async Task<long> CountAsync(string kind, IReadOnlyList<ResourceFilter> filters, bool includeArchived = false, CancellationToken cancellationToken = default)
    {
        var selection = Selection.Current(kind, filters, includeArchived, (null, null));
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT count(*) FROM resources WHERE {selection.Where}";
        selection.Bind(command);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>The <see cref="ResourceScan"/> of both lists: rows of the selection beyond a key of (<paramref name="position"/>, id).</summary>
    private static async Task<IReadOnlyList<ResourceRecord>> ScanAsync(
        SqliteConnection connection,
        Selection selection,
        string position,
        ResourceKey? after,
        bool descending,
        int take,
        CancellationToken cancellationToken)
    {
        var order = descending ? "DESC" : "ASC";
        await using var command = connection.CreateCommand();
        var beyond = "";
        if (after is { } key)
        {
            beyond = $" AND ({position}, id) {(descending ? "<" : ">")} ($after_position, $after_id)";
            command.Parameters.AddWithValue("$after_position", key.Position);
            command.Parameters.AddWithValue("$after_id", key.Id);
        }

        command.CommandText = $"SELECT {SqliteResourceSchema.Columns} FROM resources WHERE {selection.Where}{beyond} ORDER BY {position} {order}, id {order} LIMIT $take";
        command.Parameters.AddWithValue("$take", take);
        selection.Bind(command);

        var rows = new List<ResourceRecord>(take);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(ReadRow(reader));
        }

        return rows;
    }

    /// <summary>A WHERE clause over <c>resources</c> with its parameters.</summary>
    private sealed class Selection
    {
        private readonly StringBuilder _where = new();
        private readonly List<(string Name, object Value)> _parameters = [];

        public string Where => _where.ToString();

        /// <summary>Current rows of the kind that match the filters, the archive choice and the inclusive creation range.</summary>
        public static Selection Current(string kind, IReadOnlyList<ResourceFilter> filters, bool includeArchived, (long? Min, long? Max) created)
        {
            ResourceRules.ValidateKind(kind);
            ResourceRules.ValidateFilters(filters);
            var selection = new Selection();
            selection.Add($"kind = {selection.Parameter(kind)} AND is_current = 1");
            if (!includeArchived)
            {
                selection.Add("archived_at IS NULL");
            }

            if (created.Min is { } min)
            {
                selection.Add($"created_at >= {selection.Parameter(min)}");
            }

            if (created.Max is { } max)
            {
                selection.Add($"created_at <= {selection.Parameter(max)}");
            }

            foreach (var filter in filters)
            {
                // The field passed ResourceRules.ValidateField ([a-z0-9_.] only), so it can be part of the path literal.
                // Strings compare unescaped; numbers by their JSON text, as PostgreSQL's json #>> gives it.
                var path = $"'$.{filter.Field}'";
                var values = string.Join(", ", filter.Values.Select(v => selection.Parameter(v)));
                selection.Add($"""
                    CASE json_type(data, {path}) WHEN 'text' THEN json_extract(data, {path}) WHEN 'integer' THEN data -> {path} WHEN 'real' THEN data -> {path} END IN ({values})
                    """);
            }

            return selection;
        }

        public void Add(string condition) => _where.Append(_where.Length == 0 ? "" : " AND ").Append(condition);

        public string Parameter(object value)
        {
            var name = $"$p{_parameters.Count}";
            _parameters.Add((name, value));
            return name;
        }

        public void Bind(SqliteCommand command)
        {
            foreach (var (name, value) in _parameters)
            {
                command.Parameters.AddWithValue(name, value);
            }
        }
    }
}
