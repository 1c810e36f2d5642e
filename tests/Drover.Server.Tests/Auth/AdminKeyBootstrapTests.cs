using System.Net;
using Drover.Server.Auth;
using Microsoft.Extensions.Options;

namespace Drover.Server.Tests.Auth;

/// <summary>The first admin key, <c>DROVER_ADMIN_API_KEY</c>, and the rule that an admin key always remains; each test starts its own servers.</summary>
public sealed class AdminKeyBootstrapTests : IDisposable
{
    private const string ConfiguredKey = "sk-drover-configured-by-automation-0123";
    private static readonly Uri s_keys = new("/v1/drover/api_keys", UriKind.Relative);
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("drover-auth-");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string KeyFile => Path.Combine(_root.FullName, AdminKeyBootstrap.KeyFileName);

    [Fact]
    public async Task First_start_writes_a_working_admin_key_readable_by_its_owner_only_and_a_restart_keeps_it()
    {
        string key;
        await using (var first = await AuthTestServer.StartAsync(_root.FullName))
        {
            Assert.True(File.Exists(KeyFile));
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(KeyFile));
            }

            key = (await File.ReadAllTextAsync(KeyFile, Ct)).Trim();
            Assert.Matches("^sk-drover-[A-Za-z0-9_-]{43}$", key);
            using var http = first.Client(key);
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(s_keys, Ct)).StatusCode);
        }

        var written = File.GetLastWriteTimeUtc(KeyFile);
        await using var second = await AuthTestServer.StartAsync(_root.FullName);

        Assert.Equal(key, (await File.ReadAllTextAsync(KeyFile, Ct)).Trim());
        Assert.Equal(written, File.GetLastWriteTimeUtc(KeyFile));
        Assert.Equal([ApiKeyStore.FirstKeyId], await second.ListKeyIdsAsync(key, includeRevoked: true));
    }

    [Fact]
    public async Task Configured_key_is_the_first_key_and_is_not_written_to_a_file()
    {
        await using var server = await AuthTestServer.StartAsync(_root.FullName, $"--DROVER_ADMIN_API_KEY={ConfiguredKey}");

        Assert.False(File.Exists(KeyFile));
        Assert.Equal([ApiKeyStore.FirstKeyId], await server.ListKeyIdsAsync(ConfiguredKey));
    }

    [Fact]
    public async Task Configured_key_is_added_once_when_other_keys_exist()
    {
        await using (await AuthTestServer.StartAsync(_root.FullName))
        {
        }

        var generated = (await File.ReadAllTextAsync(KeyFile, Ct)).Trim();
        await using (var withKey = await AuthTestServer.StartAsync(_root.FullName, $"--DROVER_ADMIN_API_KEY={ConfiguredKey}"))
        {
            Assert.Equal(2, (await withKey.ListKeyIdsAsync(ConfiguredKey)).Count);
        }

        await using var again = await AuthTestServer.StartAsync(_root.FullName, $"--DROVER_ADMIN_API_KEY={ConfiguredKey}");

        Assert.Equal(2, (await again.ListKeyIdsAsync(generated)).Count);
        Assert.Equal(generated, (await File.ReadAllTextAsync(KeyFile, Ct)).Trim());
    }

    [Fact]
    public async Task Revoked_configured_key_stays_revoked_after_a_restart()
    {
        await using (var server = await AuthTestServer.StartAsync(_root.FullName, $"--DROVER_ADMIN_API_KEY={ConfiguredKey}"))
        {
            var (_, other) = await server.CreateKeyAsync(ConfiguredKey, "admin");
            using var http = server.Client(other);
            (await http.PostAsync(new Uri($"/v1/drover/api_keys/{ApiKeyStore.FirstKeyId}/revoke", UriKind.Relative), content: null, Ct)).EnsureSuccessStatusCode();
        }

        await using var restarted = await AuthTestServer.StartAsync(_root.FullName, $"--DROVER_ADMIN_API_KEY={ConfiguredKey}");
        using var configured = restarted.Client(ConfiguredKey);

        await ErrorAssert.EnvelopeAsync(await configured.GetAsync(s_keys, Ct), HttpStatusCode.Unauthorized, "authentication_error");
    }

    [Fact]
    public async Task Last_active_admin_key_cannot_be_revoked()
    {
        await using var server = await AuthTestServer.StartAsync(_root.FullName, $"--DROVER_ADMIN_API_KEY={ConfiguredKey}");
        var (memberId, _) = await server.CreateKeyAsync(ConfiguredKey, "member");
        using var first = server.Client(ConfiguredKey);

        using var refused = await first.PostAsync(new Uri($"/v1/drover/api_keys/{ApiKeyStore.FirstKeyId}/revoke", UriKind.Relative), content: null, Ct);
        var message = await ErrorAssert.EnvelopeAsync(refused, HttpStatusCode.Conflict, "invalid_request_error");
        Assert.Contains("last active admin key", message, StringComparison.Ordinal);
        Assert.Contains(ApiKeyStore.FirstKeyId, await server.ListKeyIdsAsync(ConfiguredKey));

        (await first.PostAsync(new Uri($"/v1/drover/api_keys/{memberId}/revoke", UriKind.Relative), content: null, Ct)).EnsureSuccessStatusCode();
        var (secondId, secondKey) = await server.CreateKeyAsync(ConfiguredKey, "admin");
        using var second = server.Client(secondKey);
        (await second.PostAsync(new Uri($"/v1/drover/api_keys/{ApiKeyStore.FirstKeyId}/revoke", UriKind.Relative), content: null, Ct)).EnsureSuccessStatusCode();
        using var refusedAgain = await second.PostAsync(new Uri($"/v1/drover/api_keys/{secondId}/revoke", UriKind.Relative), content: null, Ct);

        await ErrorAssert.EnvelopeAsync(refusedAgain, HttpStatusCode.Conflict, "invalid_request_error");
        Assert.Equal([secondId], await server.ListKeyIdsAsync(secondKey));
    }

    [Fact]
    public async Task Revocation_reaches_another_instance_sharing_the_store()
    {
        await using var one = await AuthTestServer.StartAsync(_root.FullName, $"--DROVER_ADMIN_API_KEY={ConfiguredKey}");
        await using var two = await AuthTestServer.StartAsync(_root.FullName, $"--DROVER_ADMIN_API_KEY={ConfiguredKey}", "--Auth:KeyCacheSeconds=0");
        var (id, key) = await one.CreateKeyAsync(ConfiguredKey, "member");
        using var onTwo = two.Client(key);
        await ErrorAssert.EnvelopeAsync(await onTwo.GetAsync(new Uri("/v1/nothing-here", UriKind.Relative), Ct), HttpStatusCode.NotFound, "not_found_error");

        using var admin = one.Client(ConfiguredKey);
        (await admin.PostAsync(new Uri($"/v1/drover/api_keys/{id}/revoke", UriKind.Relative), content: null, Ct)).EnsureSuccessStatusCode();

        await ErrorAssert.EnvelopeAsync(await onTwo.GetAsync(new Uri("/v1/nothing-here", UriKind.Relative), Ct), HttpStatusCode.Unauthorized, "authentication_error");
    }

    [Theory]
    [InlineData("short")]
    [InlineData("has a space in the middle of it")]
    public async Task Malformed_configured_key_fails_the_start_naming_the_setting(string configured)
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => AuthTestServer.StartAsync(_root.FullName, $"--DROVER_ADMIN_API_KEY={configured}"));

        Assert.Contains("DROVER_ADMIN_API_KEY", error.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _root.Delete(recursive: true);
    }
}
