using Drover.Ids;
using Drover.Sessions;
using Drover.Storage.Sqlite;

// Usage: Drover.Storage.CrashWriter <database path> <session id> <writers>
// Appends to one session from several concurrent writers until killed, printing "ack <last sequence>" for every
// append that returned, so the test knows exactly what the store acknowledged before the SIGKILL.
var log = new SqliteSessionLog(new SqliteStoreOptions { Path = args[0] }, new SessionLogOptions(), TimeProvider.System);
var sessionId = args[1];
if (await log.GetSessionAsync(sessionId) is null)
{
    await log.CreateSessionAsync(new NewSession(sessionId, "{}"));
}

var output = Console.Out;
var gate = new object();
Console.WriteLine("ready");
await Task.WhenAll(Enumerable.Range(0, int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture)).Select(w => Task.Run(async () =>
{
    for (var i = 0; ; i++)
    {
        var id = DroverIds.New(DroverIds.Event);
        var json = $$"""{"type":"user.message","id":"{{id}}","content":[{"type":"text","text":"w{{w}}-{{i}}"}]}""";
        var result = await log.AppendAsync(sessionId, [new NewEvent(id, "user.message", json), new NewEvent(id + "b", "user.message", json.Replace(id, id + "b", StringComparison.Ordinal))], AppendCondition.None);
        lock (gate)
        {
            output.WriteLine($"ack {result.LastSequence}");
            output.Flush();
        }
    }
})));
