namespace Drover.Storage.Tests;

public sealed class PostgresSessionLogTests(PostgresFixture fixture) : SessionLogConformanceTests(fixture), IClassFixture<PostgresFixture>
{
}
