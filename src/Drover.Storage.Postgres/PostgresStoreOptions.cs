using System.ComponentModel.DataAnnotations;

namespace Drover.Storage.Postgres;

/// <summary>Where the PostgreSQL store keeps its tables and how many connections write at once.</summary>
public sealed class PostgresStoreOptions
{
    internal const string SchemaPattern = "^[a-z_][a-z0-9_]{0,48}$";

    /// <summary>
    /// An Npgsql connection string. Its settings are used as given, except <c>Search Path</c>, which the
    /// store sets to <see cref="Schema"/>, and <c>Max Auto Prepare</c>, which it raises from 0 to 32 so
    /// the append and read statements are prepared once per connection.
    /// </summary>
    [Required]
    public required string ConnectionString { get; set; }

    /// <summary>
    /// The schema holding the tables, created when missing; instances sharing a schema share sessions and
    /// wake each other's tails. Lowercase letters, digits and underscores, starting with a letter or
    /// underscore, at most 49 characters (the notification channel is <c>{schema}_events</c>). Default <c>drover</c>.
    /// </summary>
    [RegularExpression(SchemaPattern)]
    public string Schema { get; set; } = "drover";

    /// <summary>
    /// Concurrent writer loops, each committing its own group of appends on its own connection. Appends to
    /// different sessions commit in parallel; appends to one session still serialize on its row. Default 4.
    /// </summary>
    [Range(1, 64)]
    public int Writers { get; set; } = 4;

    /// <summary>
    /// The <c>application_name</c> of the store's connections, shown in <c>pg_stat_activity</c>; the
    /// notification listener's connection is named <c>{name}/listener</c>. When null, the connection
    /// string's Application Name, else <c>drover</c>.
    /// </summary>
    [StringLength(48)]
    public string? ApplicationName { get; set; }
}
