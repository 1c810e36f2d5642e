namespace Drover.Server.Tests.Harness;

/// <summary>The same server with <c>Sandbox:Provisioning=eager-blocking</c>.</summary>
public sealed class EagerRepositoryServerFixture : RepositoryServerFixture
{
    protected override string Provisioning => "eager-blocking";
}
