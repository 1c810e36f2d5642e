using System.Text.Json;
using Drover.Events;
using Drover.Ids;
using Drover.Resources;
using Drover.Server.Sessions;
using Drover.Sessions;
using Microsoft.Extensions.DependencyInjection;

namespace Drover.Server.Tests.Sessions;

/// <summary>A session is written to the log and the resource store together: a failed write leaves neither.</summary>
public sealed class SessionStoreTests(DroverServerFixture server) : IClassFixture<DroverServerFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task When_the_document_cannot_be_written_the_log_session_and_credentials_are_undone()
    {
        var document = Document();
        var now = document.CreatedAt;
        await server.Store().CreateAsync(new ResourceRecord("session", document.Id, 1, null, now, now, null, """{"taken":true}"""), Ct);
        var log = server.Services.GetRequiredService<ISessionLog>();
        var sessions = server.Services.GetRequiredService<SessionStore>();
        var initial = new UserMessageEvent { Id = DroverIds.New(DroverIds.Event), Content = [new TextBlock { Text = "hi" }] }.ToNewEvent();

        await Assert.ThrowsAsync<ResourceAlreadyExistsException>(() =>
            sessions.CreateAsync(document, [initial], new SessionCredentials(new Dictionary<string, string> { ["sesrsc_x"] = "ghp_x" }), Ct));

        Assert.Null(await log.GetSessionAsync(document.Id, Ct));
        Assert.Null(await server.Store().GetAsync("session_credentials", document.Id, cancellationToken: Ct));
        Assert.Equal("""{"taken":true}""", (await server.Store().GetAsync("session", document.Id, cancellationToken: Ct))!.Data);
    }

    [Fact]
    public async Task When_the_log_refuses_the_session_no_document_is_written_and_the_log_is_left_alone()
    {
        var document = Document();
        var log = server.Services.GetRequiredService<ISessionLog>();
        await log.CreateSessionAsync(new NewSession(document.Id, """{"owner":"someone else"}"""), Ct);
        var sessions = server.Services.GetRequiredService<SessionStore>();

        await Assert.ThrowsAsync<SessionAlreadyExistsException>(() => sessions.CreateAsync(document, [], null, Ct));

        Assert.Null(await server.Store().GetAsync("session", document.Id, cancellationToken: Ct));
        Assert.Equal("""{"owner":"someone else"}""", (await log.GetSessionAsync(document.Id, Ct))!.Data);
    }

    private static SessionDocument Document()
    {
        var now = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        return new SessionDocument
        {
            Id = DroverIds.New(DroverIds.Session),
            Status = "idle",
            Agent = JsonDocument.Parse("""{"type":"agent","id":"agent_x","version":1}""").RootElement.Clone(),
            EnvironmentId = DroverIds.New(DroverIds.Environment),
            Usage = new SessionUsage(),
            CreatedAt = now,
            UpdatedAt = now,
        };
    }
}
