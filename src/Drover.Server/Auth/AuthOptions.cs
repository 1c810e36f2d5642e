using System.ComponentModel.DataAnnotations;

namespace Drover.Server.Auth;

/// <summary>API key settings (configuration section <c>Auth</c>; the admin key also from <c>DROVER_ADMIN_API_KEY</c>).</summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";

    /// <summary>The configuration key (environment variable or <c>--DROVER_ADMIN_API_KEY=</c>) naming the admin key.</summary>
    public const string AdminApiKeyVariable = "DROVER_ADMIN_API_KEY";

    /// <summary>
    /// An admin key for automation: used as the first key instead of a generated one, and added as an admin
    /// key at start when keys exist but it is not among them. Null to generate the first key.
    /// </summary>
    public string? AdminApiKey { get; set; }

    /// <summary>
    /// How long an instance trusts a verified key without asking the store again: a revocation reaches
    /// other instances within this time (this instance at once). 0 asks the store on every request.
    /// </summary>
    [Range(0, 60)]
    public int KeyCacheSeconds { get; set; } = 5;
}
