using System.Text;
using Drover.Resources;
using Npgsql;

namespace Drover.Storage.Postgres;

public sealed partial class PostgresResourceStore
{
    private const string CreatedAt = "created_at";

    public async Task<ResourcePage> ListAsync(string kind, ResourceQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var selection = Selection.Current(kind, query.Filters, query.IncludeArchived, ResourceRules.CreatedRange(query));
        await using var connection = await OpenAsync(cancellationToken);
        return await ResourcePaging.ListAsync(
            kind,
            query,
            (after, descending, take, ct) => ScanAsync(connection, selection, CreatedAt, after, descending, take, ct),
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
        await using var command = new NpgsqlCommand($"SELECT count(*) FROM {_table} WHERE {selection.Where}", connection);
        selection.Bind(command);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>
    /// The <see cref="ResourceScan"/> of both lists: rows of the selection beyond a key of (<paramref name="position"/>, id).
    /// A key's position is Unix milliseconds for <c>created_at</c>, which is a <c>timestamptz</c> here.
    /// </summary>
    private async Task<IReadOnlyList<ResourceRecord>> ScanAsync(
        NpgsqlConnection connection,
        Selection selection,
        string position,
        ResourceKey? after,
        bool descending,
        int take,
        CancellationToken cancellationToken)
    {
        var order = descending ? "DESC" : "ASC";
        await using var command = new NpgsqlCommand { Connection = connection };
        var beyond = "";
        if (after is { } key)
        {
            beyond = $" AND ({position}, id) {(descending ? "<" : ">")} (@after_position, @after_id)";
            command.Parameters.AddWithValue("after_position", position == CreatedAt ? ResourceRules.FromUnixMilliseconds(key.Position) : (object)key.Position);
            command.Parameters.AddWithValue("after_id", key.Id);
        }

        command.CommandText = $"SELECT {Columns} FROM {_table} WHERE {selection.Where}{beyond} ORDER BY {position} {order}, id {order} LIMIT @take";
        command.Parameters.AddWithValue("take", take);
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
            selection.Add($"kind = {selection.Parameter(kind)} AND is_current");
            if (!includeArchived)
            {
                selection.Add("archived_at IS NULL");
            }

            if (created.Min is { } min)
            {
                selection.Add($"created_at >= {selection.Parameter(ResourceRules.FromUnixMilliseconds(min))}");
            }

            if (created.Max is { } max)
            {
                selection.Add($"created_at <= {selection.Parameter(ResourceRules.FromUnixMilliseconds(max))}");
            }

            foreach (var filter in filters)
            {
                // The field passed ResourceRules.ValidateField ([a-z0-9_.] only), so it can be part of the path literal.
                // #>> gives strings unescaped and numbers as written, which SQLite's store matches.
                var path = $"'{{{filter.Field.Replace('.', ',')}}}'";
                var values = selection.Parameter(filter.Values.ToArray());
                selection.Add($"CASE json_typeof(data #> {path}) WHEN 'string' THEN data #>> {path} WHEN 'number' THEN data #>> {path} END = ANY({values})");
            }

            return selection;
        }

        public void Add(string condition) => _where.Append(_where.Length == 0 ? "" : " AND ").Append(condition);

        public string Parameter(object value)
        {
            var name = $"p{_parameters.Count}";
            _parameters.Add((name, value));
            return "@" + name;
        }

        public void Bind(NpgsqlCommand command)
        {
            foreach (var (name, value) in _parameters)
            {
                command.Parameters.AddWithValue(name, value);
            }
        }
    }
}
