using System.ComponentModel.DataAnnotations;
using Drover.Storage.Sqlite;

namespace Drover.Server.Storage;

/// <summary>Where Drover keeps its data (configuration section <c>Storage</c>; the data directory also from <c>DROVER_DATA_DIR</c> or <c>--data-dir</c>).</summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary>The folder for the SQLite file and other local state. Default <c>./data</c>.</summary>
    [Required]
    public string DataDirectory { get; set; } = "data";

    /// <summary><c>sqlite</c> (default, embedded) or <c>postgres</c>.</summary>
    [Required]
    [RegularExpression("^(sqlite|postgres)$", ErrorMessage = "Storage:Provider must be 'sqlite' or 'postgres'.")]
    public string Provider { get; set; } = "sqlite";

    /// <summary>SQLite's sync level: <c>Normal</c> (default; survives process crashes) or <c>Full</c> (also survives power loss).</summary>
    public SqliteDurability SqliteDurability { get; set; } = SqliteDurability.Normal;

    /// <summary>The PostgreSQL connection string, required when <see cref="Provider"/> is <c>postgres</c>.</summary>
    public string? PostgresConnectionString { get; set; }

    /// <summary>
    /// The PostgreSQL schema holding Drover's tables, created when missing (default <c>drover</c>). Instances that share
    /// a schema share sessions; deployments (or test runs) that share a database keep apart by schema.
    /// </summary>
    [RegularExpression("^[a-z_][a-z0-9_]{0,48}$", ErrorMessage = "Storage:PostgresSchema must be lowercase letters, digits and underscores (at most 49), not starting with a digit.")]
    public string PostgresSchema { get; set; } = "drover";
}
