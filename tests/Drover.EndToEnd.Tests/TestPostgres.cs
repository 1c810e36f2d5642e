using Npgsql;

namespace Drover.EndToEnd.Tests;

/// <summary>
/// The PostgreSQL server named by <c>DROVER_TEST_POSTGRES</c> (set by <c>./test.sh</c>). Without it the calling test
/// is skipped, except in CI (<c>CI=true</c>), where it fails, as the storage tests do.
/// </summary>
internal static class TestPostgres
{
    public const string EnvironmentVariable = "DROVER_TEST_POSTGRES";

    /// <summary>The connection string; skips (or, under CI, fails) the calling test when there is none.</summary>
    public static string ConnectionString()
    {
        if (Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } value)
        {
            return value;
        }

        var message = $"{EnvironmentVariable} is not set. Start a throwaway cluster with `eng/postgres-test-cluster.sh start` and export the {EnvironmentVariable}=... line it prints.";
        if (Environment.GetEnvironmentVariable("CI") == "true")
        {
            Assert.Fail(message);
        }

        Assert.Skip(message);
        return null!;
    }

    /// <summary>A schema name of its own for one test.</summary>
    public static string NewSchema() => "e2e_" + Guid.NewGuid().ToString("N")[..16];

    public static async Task DropSchemaAsync(string connectionString, string schema)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(CancellationToken.None);
        await using var drop = new NpgsqlCommand($"DROP SCHEMA IF EXISTS \"{schema}\" CASCADE", connection);
        await drop.ExecuteNonQueryAsync(CancellationToken.None);
    }
}
