using Drover.Ids;
using Drover.Resources;
using Drover.Sessions;
using Microsoft.Extensions.DependencyInjection;

namespace Drover.Server.Tests;

/// <summary>Creates sessions straight in the stores, for tests of endpoints that need one to exist.</summary>
internal static class TestSessions
{
    public static Task<string> CreateAsync(DroverServerFixture server, CancellationToken cancellationToken) =>
        CreateAsync(server.Services, cancellationToken);

    public static async Task<string> CreateAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var id = DroverIds.New(DroverIds.Session);
        var now = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        var stamp = now.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture);
        var data = $$"""{"id":"{{id}}","type":"session","status":"idle","title":null,"environment_id":"{{DroverIds.New(DroverIds.Environment)}}","metadata":{},"created_at":"{{stamp}}","updated_at":"{{stamp}}","archived_at":null}""";
        await services.GetRequiredService<IResourceStore>().CreateAsync(new ResourceRecord("session", id, 1, null, now, now, null, data), cancellationToken);
        await services.GetRequiredService<ISessionLog>().CreateSessionAsync(new NewSession(id, "{}"), cancellationToken);
        return id;
    }
}
