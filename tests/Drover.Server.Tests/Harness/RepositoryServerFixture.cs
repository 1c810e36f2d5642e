using Drover.GitServer;

namespace Drover.Server.Tests.Harness;

/// <summary>A harness server whose github.com is a loopback git server (<c>Sandbox:Git:GitHubBaseUrl</c>), with lazy provisioning.</summary>
public class RepositoryServerFixture : HarnessServerFixture
{
    public const string Token = "ghp_servertestcanary0123456789";

    public GitHttpServer Git { get; private set; } = null!;

    public TestRepository Repository { get; private set; } = null!;

    protected virtual string Provisioning => "lazy";

    protected override IEnumerable<string> ExtraArguments =>
        [.. base.ExtraArguments, $"--Sandbox:Git:GitHubBaseUrl={Git.BaseUrl}", $"--Sandbox:Provisioning={Provisioning}"];

    public override async ValueTask InitializeAsync()
    {
        Git = await GitHttpServer.StartAsync(TestContext.Current.CancellationToken);
        Git.RequiredToken = Token;
        Repository = await Git.CreateRepositoryAsync("drover-test", "hello");
        await base.InitializeAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        await base.DisposeAsync();
        await Git.DisposeAsync();
    }
}
