using Anthropic;
using Anthropic.Exceptions;
using Anthropic.Models.Beta.Environments;

namespace Drover.Server.Tests.Environments;

/// <summary>The environments endpoints driven through the official C# SDK; <c>Validate()</c> proves every response parses whole.</summary>
public sealed class EnvironmentsSdkTests(DroverServerFixture server) : IClassFixture<DroverServerFixture>
{
    private readonly AnthropicClient _client = server.CreateSdkClient();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Create_without_config_is_an_unrestricted_cloud_environment_with_empty_package_lists()
    {
        var created = await _client.Beta.Environments.Create(new EnvironmentCreateParams { Name = "plain", Description = "Nothing special." }, Ct);
        var fetched = await _client.Beta.Environments.Retrieve(created.ID, cancellationToken: Ct);
        var unchanged = await _client.Beta.Environments.Update(created.ID, new EnvironmentUpdateParams { Name = "plain", Description = "Nothing special." }, Ct);

        created.Validate();
        Assert.StartsWith("env_", created.ID, StringComparison.Ordinal);
        Assert.Equal("plain", created.Name);
        Assert.Equal("Nothing special.", created.Description);
        Assert.True(created.Config.TryPickBetaCloud(out var cloud));
        Assert.True(cloud.Networking.TryPickBetaUnrestrictedNetwork(out _));
        Assert.All([cloud.Packages.Apt, cloud.Packages.Cargo, cloud.Packages.Gem, cloud.Packages.Go, cloud.Packages.Npm, cloud.Packages.Pip], Assert.Empty);
        Assert.Empty(created.Metadata);
        Assert.Null(created.ArchivedAt);
        Assert.Equal(created.CreatedAt, created.UpdatedAt);
        Assert.True(DateTimeOffset.TryParse(created.CreatedAt, out _));
        Assert.Equal(created, fetched);
        Assert.Equal(created, unchanged);
    }

    [Fact]
    public async Task Update_merges_networking_into_the_stored_config_and_patches_metadata()
    {
        var created = await _client.Beta.Environments.Create(
            new EnvironmentCreateParams
            {
                Name = "data",
                Config = new BetaCloudConfigParams
                {
                    Networking = new BetaLimitedNetworkParams { AllowedHosts = ["api.example.com", "*.example.org"], AllowPackageManagers = true },
                    Packages = new BetaPackagesParams { Pip = ["requests==2.32.0"], Apt = ["jq"] },
                },
                Metadata = new Dictionary<string, string> { ["owner"] = "ana", ["tier"] = "1" },
            },
            Ct);

        var updated = await _client.Beta.Environments.Update(
            created.ID,
            new EnvironmentUpdateParams
            {
                Name = "data-v2",
                Config = new BetaCloudConfigParams { Networking = new BetaLimitedNetworkParams { AllowMcpServers = true } },
                Metadata = new Dictionary<string, string?> { ["tier"] = null, ["team"] = "core" },
            },
            Ct);

        updated.Validate();
        Assert.Equal("data-v2", updated.Name);
        Assert.True(updated.Config.TryPickBetaCloud(out var cloud));
        Assert.True(cloud.Networking.TryPickBetaLimitedNetwork(out var limited));
        Assert.Equal(["api.example.com", "*.example.org"], limited.AllowedHosts);
        Assert.True(limited.AllowMcpServers);
        Assert.True(limited.AllowPackageManagers);
        Assert.Equal(["requests==2.32.0"], cloud.Packages.Pip);
        Assert.Equal(["jq"], cloud.Packages.Apt);
        Assert.Equal(new Dictionary<string, string> { ["owner"] = "ana", ["team"] = "core" }, updated.Metadata);
        Assert.Equal(created.CreatedAt, updated.CreatedAt);
        Assert.True(DateTimeOffset.Parse(updated.UpdatedAt, System.Globalization.CultureInfo.InvariantCulture) >= DateTimeOffset.Parse(created.UpdatedAt, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Self_hosted_config_cannot_become_cloud()
    {
        var created = await _client.Beta.Environments.Create(new EnvironmentCreateParams { Name = "on-prem", Config = new BetaSelfHostedConfigParams() }, Ct);

        var error = await Assert.ThrowsAsync<AnthropicBetaInvalidConfigTypeChangeException>(
            () => _client.Beta.Environments.Update(created.ID, new EnvironmentUpdateParams { Config = new BetaCloudConfigParams() }, Ct));

        created.Validate();
        Assert.True(created.Config.TryPickBetaSelfHosted(out _));
        Assert.Equal("invalid_config_type_change", error.ErrorCode);
        Assert.Equal(created, await _client.Beta.Environments.Retrieve(created.ID, cancellationToken: Ct));
    }

    [Fact]
    public async Task Archive_is_idempotent_and_leaves_the_environment_read_only()
    {
        var created = await _client.Beta.Environments.Create(new EnvironmentCreateParams { Name = "retired" }, Ct);

        var archived = await _client.Beta.Environments.Archive(created.ID, cancellationToken: Ct);
        var again = await _client.Beta.Environments.Archive(created.ID, cancellationToken: Ct);
        var error = await Assert.ThrowsAsync<AnthropicBetaEnvironmentArchivedException>(
            () => _client.Beta.Environments.Update(created.ID, new EnvironmentUpdateParams { Name = "revived" }, Ct));

        archived.Validate();
        Assert.NotNull(archived.ArchivedAt);
        Assert.Equal(archived, again);
        Assert.Equal("environment_archived", error.ErrorCode);
        Assert.Equal(archived, await _client.Beta.Environments.Retrieve(created.ID, cancellationToken: Ct));
    }

    [Fact]
    public async Task Delete_returns_a_tombstone_and_the_environment_is_gone()
    {
        var created = await _client.Beta.Environments.Create(new EnvironmentCreateParams { Name = "short-lived" }, Ct);

        var deleted = await _client.Beta.Environments.Delete(created.ID, cancellationToken: Ct);

        deleted.Validate();
        Assert.Equal(created.ID, deleted.ID);
        await Assert.ThrowsAsync<AnthropicNotFoundException>(() => _client.Beta.Environments.Retrieve(created.ID, cancellationToken: Ct));
    }
}
