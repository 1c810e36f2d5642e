namespace Drover.Storage.Tests;

public sealed class SqliteSessionLogTests(SqliteFixture fixture) : SessionLogConformanceTests(fixture), IClassFixture<SqliteFixture>
{
}
