namespace Drover.Server.Tests.Files;

/// <summary>A Drover server on SQLite whose Files API takes at most <see cref="MaxBytes"/> per file, so the limit is cheap to hit.</summary>
public sealed class FilesServerFixture : DroverServerFixture
{
    public const int MaxBytes = 200_000;

    protected override IEnumerable<string> ExtraArguments => [$"--Files:MaxBytes={MaxBytes}"];
}

/// <summary>The same on PostgreSQL (<c>DROVER_TEST_POSTGRES</c>, as the storage tests), in a schema of its own.</summary>
public sealed class FilesPostgresServerFixture : DroverServerFixture
{
    protected override IEnumerable<string> ExtraArguments =>
    [
        $"--Files:MaxBytes={FilesServerFixture.MaxBytes}",
        "--Storage:Provider=postgres",
        $"--Storage:PostgresConnectionString={Environment.GetEnvironmentVariable("DROVER_TEST_POSTGRES") ?? throw new InvalidOperationException("The PostgreSQL tests need DROVER_TEST_POSTGRES; start a cluster with eng/postgres-test-cluster.sh start.")}",
        $"--Storage:PostgresSchema=files_{Guid.NewGuid():N}"[..^8],
    ];
}

public sealed class FilesApiSqliteTests(FilesServerFixture server) : FilesApiTests(server), IClassFixture<FilesServerFixture>;

public sealed class FilesApiPostgresTests(FilesPostgresServerFixture server) : FilesApiTests(server), IClassFixture<FilesPostgresServerFixture>;
