namespace Drover.Storage.Postgres;

/// <summary>Where the PostgreSQL resource store keeps its table.</summary>
public sealed class PostgresResourceStoreOptions
{
    /// <summary>An Npgsql connection string.</summary>
    public required string ConnectionString { get; set; }

    /// <summary>
    /// The schema holding the <c>resources</c> table, created when missing: a lowercase letter or
    /// underscore, then up to 62 lowercase letters, digits or underscores.
    /// </summary>
    public string Schema { get; set; } = "drover";
}
