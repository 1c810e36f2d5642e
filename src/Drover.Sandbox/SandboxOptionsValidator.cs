using Microsoft.Extensions.Options;

namespace Drover.Sandbox;

/// <summary>Refuses to start with a sandbox setting that cannot work, naming the setting and the fix.</summary>
internal sealed class SandboxOptionsValidator(Func<bool> bwrapInstalled) : IValidateOptions<SandboxOptions>
{
    public SandboxOptionsValidator()
        : this(() => Sandboxes.BubblewrapProvider.FindBwrap() is not null)
    {
    }

    public ValidateOptionsResult Validate(string? name, SandboxOptions options)
    {
        var errors = new List<string>();
        const string S = SandboxOptions.Section;
        switch (options.Provider)
        {
            case SandboxProviderNames.Bubblewrap when !bwrapInstalled():
                errors.Add($"{S}:Provider is {SandboxProviderNames.Bubblewrap}, but {Sandboxes.BubblewrapProvider.Missing}");
                break;
            case SandboxProviderNames.Unsandboxed when !options.AllowUnsandboxed:
                errors.Add($"{S}:Provider={SandboxProviderNames.Unsandboxed} runs agent commands on this host with no isolation; set {S}:AllowUnsandboxed=true to accept that.");
                break;
            case SandboxProviderNames.Bubblewrap or SandboxProviderNames.Unsandboxed:
                break;
            default:
                errors.Add($"{S}:Provider must be {SandboxProviderNames.Bubblewrap} or {SandboxProviderNames.Unsandboxed}, not '{options.Provider}'.");
                break;
        }

        if (string.IsNullOrWhiteSpace(options.DataDirectory))
        {
            errors.Add($"{S}:DataDirectory must be set.");
        }

        foreach (var (setting, value) in new[] { ("IdleTimeout", options.IdleTimeout), ("BashTimeout", options.BashTimeout), ("MaxBashTimeout", options.MaxBashTimeout), ("StartTimeout", options.StartTimeout) })
        {
            if (value <= TimeSpan.Zero)
            {
                errors.Add($"{S}:{setting} must be positive.");
            }
        }

        if (options.Provisioning is not (SandboxProvisioning.Lazy or SandboxProvisioning.EagerBlocking))
        {
            errors.Add($"{S}:Provisioning must be {SandboxProvisioning.Lazy} or {SandboxProvisioning.EagerBlocking}, not '{options.Provisioning}'.");
        }

        if (!Uri.TryCreate(options.Git.GitHubBaseUrl, UriKind.Absolute, out var gitHub) || gitHub.Scheme is not ("https" or "http") || !options.Git.GitHubBaseUrl.EndsWith('/'))
        {
            errors.Add($"{S}:Git:GitHubBaseUrl must be an http(s) URL ending in '/', such as {GitOptions.GitHubUrl}; got '{options.Git.GitHubBaseUrl}'.");
        }

        if (options.Git.CloneTimeout <= TimeSpan.Zero)
        {
            errors.Add($"{S}:Git:CloneTimeout must be positive.");
        }

        if (options.BashOutputLimit < 1000 || options.SpillThreshold < 1000)
        {
            errors.Add($"{S}:BashOutputLimit and {S}:SpillThreshold must be at least 1000 characters.");
        }

        if (options.Limits.MaxProcesses < 8 || options.Limits.MemoryBytes < 16L << 20 || options.Limits.MaxFileSizeBytes < 1024 || options.Limits.MaxOpenFiles < 64 || options.Limits.TmpSizeBytes < 1L << 20)
        {
            errors.Add($"{S}:Limits are too small to run a shell (at least 8 processes, 16 MiB of memory, 1 KiB files, 64 open files, 1 MiB of /tmp).");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
