using Drover.Sessions;
using Drover.Storage.Sqlite;

namespace Drover.Storage.Tests;

public sealed class SqliteResourceStoreTests(SqliteResourceStoreFixture fixture) : ResourceStoreConformanceTests(fixture), IClassFixture<SqliteResourceStoreFixture>
{
    /// <summary>The resource store and the session log can keep their tables in one file, each unaware of the other.</summary>
    [Fact]
    public async Task Shares_a_file_with_the_session_log()
    {
        var options = new SqliteStoreOptions { Path = Path.Combine(fixture.Folder, $"both-{Guid.NewGuid():N}.db") };
        var kind = NewKind();
        await using (var log = new SqliteSessionLog(options, new SessionLogOptions(), TimeProvider.System))
        {
            await using var store = new SqliteResourceStore(options);
            await log.CreateSessionAsync(new NewSession("sesn_1", "{}"), Ct);
            await store.CreateAsync(NewRecord(kind, "sesn_1", """{"status":"idle"}"""), Ct);
        }

        await using (var store = new SqliteResourceStore(options))
        {
            await using var log = new SqliteSessionLog(options, new SessionLogOptions(), TimeProvider.System);
            Assert.NotNull(await log.GetSessionAsync("sesn_1", Ct));
            Assert.Equal("""{"status":"idle"}""", (await store.GetAsync(kind, "sesn_1", cancellationToken: Ct))?.Data);
        }
    }
}
