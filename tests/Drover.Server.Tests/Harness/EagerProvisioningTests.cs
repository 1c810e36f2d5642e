using Drover.FakeModel;
using static Drover.Server.Tests.Harness.Turns;

namespace Drover.Server.Tests.Harness;

/// <summary>With <c>Sandbox:Provisioning=eager-blocking</c> the clone is done before the first model call.</summary>
public sealed class EagerProvisioningTests(EagerRepositoryServerFixture server) : IClassFixture<EagerRepositoryServerFixture>
{
    private readonly Turns _turns = new(server.CreateHttpClient());

    [Fact]
    public async Task The_repository_is_cloned_before_the_first_model_call()
    {
        var sessionId = await RepositoryResourceTests.CreateSessionAsync(_turns, server);
        var clonesBefore = server.Git.Advertisements;
        var clonesAtFirstModelCall = -1;
        server.Model.Responder = r =>
        {
            clonesAtFirstModelCall = clonesAtFirstModelCall < 0 ? server.Git.Advertisements : clonesAtFirstModelCall;
            return FakeReply.Text("ready");
        };

        await _turns.SendAsync(sessionId, Message("hello"));
        await _turns.WaitForIdleAsync(sessionId);

        Assert.Equal(clonesBefore + 1, clonesAtFirstModelCall);
        Assert.True(File.Exists(Path.Combine(server.DataDirectory, "workspaces", sessionId, "hello", "feature.txt")));
    }
}
