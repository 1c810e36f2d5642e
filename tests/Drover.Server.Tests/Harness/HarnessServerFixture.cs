using Drover.FakeModel;

namespace Drover.Server.Tests.Harness;

/// <summary>A Drover server with its harness on, talking to a scripted fake of the Anthropic Messages API over loopback.</summary>
public class HarnessServerFixture : DroverServerFixture
{
    public FakeAnthropicServer Model { get; private set; } = null!;

    protected override IEnumerable<string> ExtraArguments =>
    [
        "--Harness:Enabled=true",
        "--Harness:Workers=8",
        "--Harness:PollInterval=00:00:00.200",
        "--Harness:MaxRetries=2",
        "--Harness:RetryBaseDelay=00:00:00.020",
        "--Harness:RetryMaxDelay=00:00:00.100",
        $"--ANTHROPIC_BASE_URL={Model.BaseUrl}",
        "--ANTHROPIC_API_KEY=sk-ant-fake-key",
    ];

    public override async ValueTask InitializeAsync()
    {
        Model = await FakeAnthropicServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        await base.InitializeAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        await base.DisposeAsync();
        await Model.DisposeAsync();
    }
}
