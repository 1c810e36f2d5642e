using System.Diagnostics;
using Drover.Ids;
using Drover.Sessions;
using Drover.Storage.Sqlite;

namespace Drover.Storage.Tests;

/// <summary>
/// The embedded store's durability promise under a real crash: a writer process is SIGKILLed mid-stream, and
/// every append it had acknowledged is in the file afterwards, contiguous, with nothing half-written.
/// </summary>
public sealed class SqliteCrashTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("drover-crash-");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Every_acknowledged_append_survives_SIGKILL_of_the_writer()
    {
        var database = Path.Combine(_folder.FullName, "crash.db");
        var sessionId = DroverIds.New(DroverIds.Session);
        long acknowledged = 0;

        for (var round = 0; round < 3; round++)
        {
            using var writer = Start(database, sessionId);
            var ready = await writer.StandardOutput.ReadLineAsync(Ct);
            Assert.Equal("ready", ready);

            // Let it run for a varying number of acknowledged appends, then kill it without warning.
            var target = acknowledged + 200 + (round * 150);
            while (await writer.StandardOutput.ReadLineAsync(Ct) is { } line && long.Parse(line["ack ".Length..], System.Globalization.CultureInfo.InvariantCulture) is var last)
            {
                acknowledged = Math.Max(acknowledged, last);
                if (acknowledged >= target)
                {
                    break;
                }
            }

            writer.Kill(); // SIGKILL on Linux: no flush, no finalizers, no goodbye.
            await writer.WaitForExitAsync(Ct);
        }

        await using var log = new SqliteSessionLog(new SqliteStoreOptions { Path = database }, new SessionLogOptions(), TimeProvider.System);
        var stored = new List<StoredEvent>();
        for (long after = 0; ;)
        {
            var page = await log.ReadAsync(sessionId, EventSlice.Forward(after, 1000), Ct);
            if (page.Count == 0)
            {
                break;
            }

            stored.AddRange(page);
            after = page[^1].Sequence;
        }

        Assert.True(stored.Count >= acknowledged, $"{acknowledged} events were acknowledged, {stored.Count} survived.");
        Assert.Equal(Enumerable.Range(1, stored.Count).Select(i => (long)i), stored.Select(e => e.Sequence));
        Assert.True(stored.Count % 2 == 0, "Appends are pairs; an odd count means half an append was stored.");
        var session = await log.GetSessionAsync(sessionId, Ct);
        Assert.Equal(stored.Count, session!.LastSequence);
        var next = await log.AppendAsync(sessionId, [TestEvents.Message("after the crashes")], AppendCondition.None, Ct);
        Assert.Equal(stored.Count + 1, next.FirstSequence);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _folder.Delete(recursive: true);
    }

    private static Process Start(string database, string sessionId)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
            ArgumentList = { Path.Combine(AppContext.BaseDirectory, "Drover.Storage.CrashWriter.dll"), database, sessionId, "8" },
        };
        return Process.Start(start)!;
    }
}
