using Drover.Resources;
using Drover.Server.Storage;
using Microsoft.Extensions.Options;

namespace Drover.Server.Auth;

/// <summary>
/// Makes sure an admin key exists before the server listens (it runs in <see cref="StartingAsync"/>, before
/// any hosted service starts, Kestrel included). With no key at all it adds the first one: the configured
/// <c>DROVER_ADMIN_API_KEY</c>, or a generated key that it prints once and writes to
/// <c>&lt;data dir&gt;/admin-api-key</c> (mode 0600). A configured key that is missing later is added as an
/// admin key, so automation keeps working; a configured key that was revoked stays revoked.
/// </summary>
internal sealed partial class AdminKeyBootstrap(
    ApiKeyStore store,
    IOptions<AuthOptions> options,
    IOptions<StorageOptions> storage,
    ILogger<AdminKeyBootstrap> logger) : IHostedLifecycleService
{
    public const string KeyFileName = "admin-api-key";

    private const string FirstKeyName = "admin (created at first start)";
    private const string ConfiguredKeyName = "admin (DROVER_ADMIN_API_KEY)";

    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        var configured = options.Value.AdminApiKey is { Length: > 0 } value ? value : null;
        if (!await store.AnyAsync(cancellationToken))
        {
            await AddFirstKeyAsync(configured, cancellationToken);
        }
        else if (configured is not null)
        {
            await EnsureConfiguredKeyAsync(configured, cancellationToken);
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task AddFirstKeyAsync(string? configured, CancellationToken cancellationToken)
    {
        var secret = configured ?? ApiKeySecrets.New();
        ApiKey key;
        try
        {
            key = await store.AddAsync(configured is null ? FirstKeyName : ConfiguredKeyName, ApiKeyRoles.Admin, secret, ApiKeyStore.FirstKeyId, cancellationToken);
        }
        catch (Exception ex) when (ex is ResourceAlreadyExistsException or ResourceNameTakenException)
        {
            LogFirstKeyMadeElsewhere(logger);
            return;
        }

        if (configured is not null)
        {
            // The operator has the key already; it is not copied into logs or files.
            LogConfiguredKeyAdded(logger, key.Id, key.PartialKeyHint);
            return;
        }

        var path = Path.GetFullPath(Path.Combine(storage.Value.DataDirectory, KeyFileName));
        try
        {
            WriteKeyFile(path, secret);
            await Console.Out.WriteLineAsync($"Admin API key: {secret} (also in {path})");
            LogFirstKeyCreated(logger, key.Id, path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The key exists now and nothing else knows it: the console is its only copy.
            await Console.Out.WriteLineAsync($"Admin API key: {secret} (could not be written to {path}: {ex.Message})");
            LogKeyFileFailed(logger, ex, key.Id, path);
        }
    }

    private async Task EnsureConfiguredKeyAsync(string configured, CancellationToken cancellationToken)
    {
        var existing = await store.FindByHashAsync(CredentialHash.Compute(configured), cancellationToken);
        if (existing is { ArchivedAt: not null })
        {
            LogConfiguredKeyRevoked(logger, existing.Id);
            return;
        }

        if (existing is not null)
        {
            return;
        }

        try
        {
            var key = await store.AddAsync(ConfiguredKeyName, ApiKeyRoles.Admin, configured, cancellationToken: cancellationToken);
            LogConfiguredKeyAdded(logger, key.Id, key.PartialKeyHint);
        }
        catch (ResourceNameTakenException)
        {
            // Another instance added it in the meantime.
        }
    }

    /// <summary>Writes the key readable by the owner only: a leftover file is removed first, never reopened with its old mode.</summary>
    private static void WriteKeyFile(string path, string secret)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.Delete(path);
        var fileOptions = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            fileOptions.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using var writer = new StreamWriter(path, fileOptions);
        writer.WriteLine(secret);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Created the first admin API key {KeyId}; it is printed above and kept in {Path} (readable by this user only)")]
    private static partial void LogFirstKeyCreated(ILogger logger, string keyId, string path);

    [LoggerMessage(Level = LogLevel.Error, Message = "Created the first admin API key {KeyId} but could not write it to {Path}; it is printed above only")]
    private static partial void LogKeyFileFailed(ILogger logger, Exception exception, string keyId, string path);

    [LoggerMessage(Level = LogLevel.Information, Message = "Another instance created the first admin API key")]
    private static partial void LogFirstKeyMadeElsewhere(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Added DROVER_ADMIN_API_KEY as admin API key {KeyId} ({Hint})")]
    private static partial void LogConfiguredKeyAdded(ILogger logger, string keyId, string hint);

    [LoggerMessage(Level = LogLevel.Warning, Message = "DROVER_ADMIN_API_KEY is the revoked API key {KeyId}; it stays revoked and does not authenticate")]
    private static partial void LogConfiguredKeyRevoked(ILogger logger, string keyId);
}
