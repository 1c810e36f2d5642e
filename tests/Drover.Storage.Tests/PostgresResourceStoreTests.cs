namespace Drover.Storage.Tests;

public sealed class PostgresResourceStoreTests(PostgresResourceStoreFixture fixture) : ResourceStoreConformanceTests(fixture), IClassFixture<PostgresResourceStoreFixture>
{
}
