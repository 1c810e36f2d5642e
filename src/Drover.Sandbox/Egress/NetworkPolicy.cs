using System.Text.Json;

namespace Drover.Sandbox.Egress;

/// <summary>
/// What a session's sandbox may reach, read from the environment's <c>config.networking</c>: nothing (no
/// <c>networking</c> in the recipe), every public host (<c>unrestricted</c>), or the listed hosts (<c>limited</c>:
/// <c>allowed_hosts</c>, with <c>*.example.com</c> wildcards, plus the package registries when
/// <c>allow_package_managers</c>).
/// </summary>
internal sealed record NetworkPolicy(bool Enabled, bool AllHosts, IReadOnlyList<string> AllowedHosts)
{
    /// <summary>Secrets the egress proxy substitutes for their placeholders; null when the session has none.</summary>
    public Drover.Hands.ISandboxSecrets? Secrets { get; init; }

    /// <summary>The session's <c>github_repository</c> resources with tokens: the proxy authenticates git requests to them.</summary>
    public IReadOnlyList<Drover.Hands.RepositoryResource> Repositories { get; init; } = [];

    /// <summary>Whether the proxy terminates TLS for the sandbox (credentials to substitute, or repository tokens to add).</summary>
    public bool HasCredentials => Secrets is { Names.Count: > 0 } || Repositories.Count > 0;

    /// <summary>The policy of <paramref name="recipe"/>'s environment, with its secrets.</summary>
    public static NetworkPolicy FromRecipe(Drover.Hands.SandboxRecipe recipe) =>
        FromEnvironmentConfig(recipe.EnvironmentConfig) is { Enabled: true } policy
            ? policy with { Secrets = recipe.Secrets, Repositories = [.. (recipe.Repositories ?? []).Where(r => r.AuthorizationToken is not null)] }
            : None;

    public static readonly NetworkPolicy None = new(false, false, []);
    public static readonly NetworkPolicy Unrestricted = new(true, true, []);

    public static NetworkPolicy FromEnvironmentConfig(JsonElement config)
    {
        if (config.ValueKind != JsonValueKind.Object
            || !config.TryGetProperty("networking", out var networking)
            || networking.ValueKind != JsonValueKind.Object
            || !networking.TryGetProperty("type", out var type))
        {
            return None;
        }

        if (type.ValueEquals("unrestricted"))
        {
            return Unrestricted;
        }

        if (!type.ValueEquals("limited"))
        {
            return None;
        }

        var hosts = new List<string>();
        if (networking.TryGetProperty("allowed_hosts", out var allowed) && allowed.ValueKind == JsonValueKind.Array)
        {
            hosts.AddRange(allowed.EnumerateArray().Where(h => h.ValueKind == JsonValueKind.String).Select(h => h.GetString()!.Trim().ToLowerInvariant()));
        }

        if (networking.TryGetProperty("allow_package_managers", out var pm) && pm.ValueKind == JsonValueKind.True)
        {
            hosts.AddRange(PackageManagerHosts.All);
        }

        return new NetworkPolicy(true, false, hosts);
    }

    /// <summary>True when the host name may be contacted (before its addresses are checked).</summary>
    public bool Allows(string host)
    {
        if (!Enabled)
        {
            return false;
        }

        if (AllHosts)
        {
            return true;
        }

        host = host.TrimEnd('.').ToLowerInvariant();
        foreach (var allowed in AllowedHosts)
        {
            if (allowed.StartsWith("*.", StringComparison.Ordinal)
                ? host.EndsWith(allowed[1..], StringComparison.Ordinal) && host.Length > allowed.Length - 1
                : host == allowed)
            {
                return true;
            }
        }

        return false;
    }
}
