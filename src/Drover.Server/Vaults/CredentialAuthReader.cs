using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Drover.Server.Api;

namespace Drover.Server.Vaults;

/// <summary>
/// Reads a credential's <c>auth</c> on create and on update, splitting it into its public part and its secrets.
/// Errors are 400s naming the field; secret values never appear in a message.
/// </summary>
internal static partial class CredentialAuthReader
{
    public const int MaxSecretLength = 16 * 1024;
    public const int MaxUrlLength = 2048;
    public const int MaxAllowedHosts = 16;

    private static readonly HashSet<string> s_staticBearer = ["type", "mcp_server_url", "token"];
    private static readonly HashSet<string> s_oauth = ["type", "mcp_server_url", "access_token", "expires_at", "refresh"];
    private static readonly HashSet<string> s_refresh = ["token_endpoint", "client_id", "refresh_token", "scope", "resource", "token_endpoint_auth"];
    private static readonly HashSet<string> s_refreshUpdate = ["refresh_token", "scope", "token_endpoint_auth"];
    private static readonly HashSet<string> s_endpointAuth = ["type", "client_secret"];
    private static readonly HashSet<string> s_environmentVariable = ["type", "secret_name", "secret_value", "networking", "injection_location"];
    private static readonly HashSet<string> s_environmentVariableUpdate = ["type", "secret_value", "networking", "injection_location"];
    private static readonly HashSet<string> s_staticBearerUpdate = ["type", "token"];
    private static readonly HashSet<string> s_oauthUpdate = ["type", "access_token", "expires_at", "refresh"];
    private static readonly HashSet<string> s_networking = ["type", "allowed_hosts"];
    private static readonly HashSet<string> s_injection = ["header", "body"];

    public static (CredentialAuth Auth, CredentialSecrets Secrets) ReadCreate(JsonElement body, DateTimeOffset now)
    {
        var auth = Fields.OptionalObject(body, "auth") ?? throw ApiException.InvalidRequest("auth: required; an object with type 'mcp_oauth', 'static_bearer' or 'environment_variable'.");
        var type = Fields.RequiredString(auth, "type", 64, path: "auth.");
        switch (type)
        {
            case CredentialAuth.StaticBearer:
                Fields.RejectUnknown(auth, s_staticBearer, "auth.");
                return (new CredentialAuth { Type = type, McpServerUrl = ServerUrl(auth, "mcp_server_url", "auth.") }, new CredentialSecrets { Token = Secret(auth, "token", "auth.") });
            case CredentialAuth.McpOAuth:
            {
                Fields.RejectUnknown(auth, s_oauth, "auth.");
                var access = Secret(auth, "access_token", "auth.");
                var (refresh, refreshToken, clientSecret) = ReadRefresh(auth);
                return (
                    new CredentialAuth { Type = type, McpServerUrl = ServerUrl(auth, "mcp_server_url", "auth."), ExpiresAt = ExpiresAt(auth, now), Refresh = refresh },
                    new CredentialSecrets { AccessToken = access, RefreshToken = refreshToken, ClientSecret = clientSecret });
            }

            case CredentialAuth.EnvironmentVariable:
            {
                Fields.RejectUnknown(auth, s_environmentVariable, "auth.");
                var name = Fields.RequiredString(auth, "secret_name", 255, path: "auth.");
                if (!EnvironmentName().IsMatch(name))
                {
                    throw ApiException.InvalidRequest($"auth.secret_name: '{name}' is not an environment variable name (letters, digits and '_', not starting with a digit).");
                }

                var networking = Networking(auth) ?? throw ApiException.InvalidRequest("auth.networking: required; {\"type\": \"unrestricted\"} or {\"type\": \"limited\", \"allowed_hosts\": [...]}.");
                var injection = Injection(auth, current: null);
                return (
                    new CredentialAuth { Type = type, SecretName = name, Networking = networking, InjectionLocation = injection },
                    new CredentialSecrets { SecretValue = Secret(auth, "secret_value", "auth.") });
            }

            default:
                throw ApiException.InvalidRequest($"auth.type: must be 'mcp_oauth', 'static_bearer' or 'environment_variable', not '{type}'.");
        }
    }

    /// <summary>Applies an update's <c>auth</c> to the stored one; its type must be the stored type, and keys stay as they are.</summary>
    public static (CredentialAuth Auth, CredentialSecrets Secrets) ReadUpdate(JsonElement auth, CredentialAuth current, CredentialSecrets secrets, DateTimeOffset now)
    {
        var type = Fields.RequiredString(auth, "type", 64, path: "auth.");
        if (type != current.Type)
        {
            throw ApiException.InvalidRequest($"auth.type: the credential is '{current.Type}'; its type cannot change (archive it and create another).");
        }

        switch (type)
        {
            case CredentialAuth.StaticBearer:
                Fields.RejectUnknown(auth, s_staticBearerUpdate, "auth.");
                return (current, secrets with { Token = OptionalSecret(auth, "token", "auth.") ?? secrets.Token });
            case CredentialAuth.McpOAuth:
            {
                Fields.RejectUnknown(auth, s_oauthUpdate, "auth.");
                var updated = current with { ExpiresAt = auth.TryGetProperty("expires_at", out _) ? ExpiresAt(auth, now) : current.ExpiresAt };
                secrets = secrets with { AccessToken = OptionalSecret(auth, "access_token", "auth.") ?? secrets.AccessToken };
                if (Fields.OptionalObject(auth, "refresh", "auth.") is { } refresh)
                {
                    if (current.Refresh is null)
                    {
                        throw ApiException.InvalidRequest("auth.refresh: the credential was created without refresh settings; they cannot be added (archive it and create another).");
                    }

                    Fields.RejectUnknown(refresh, s_refreshUpdate, "auth.refresh.");
                    var scope = refresh.TryGetProperty("scope", out _) ? Fields.OptionalString(refresh, "scope", 1024, path: "auth.refresh.") : current.Refresh.Scope;
                    secrets = secrets with { RefreshToken = OptionalSecret(refresh, "refresh_token", "auth.refresh.") ?? secrets.RefreshToken };
                    if (Fields.OptionalObject(refresh, "token_endpoint_auth", "auth.refresh.") is { } endpointAuth)
                    {
                        Fields.RejectUnknown(endpointAuth, s_endpointAuth, "auth.refresh.token_endpoint_auth.");
                        if (current.Refresh.TokenEndpointAuth.Type == "none")
                        {
                            throw ApiException.InvalidRequest("auth.refresh.token_endpoint_auth: the credential uses 'none'; a client secret can only replace an existing one.");
                        }

                        // The stored type stays even if the other secret type is sent (as the SDK documents).
                        secrets = secrets with { ClientSecret = OptionalSecret(endpointAuth, "client_secret", "auth.refresh.token_endpoint_auth.") ?? secrets.ClientSecret };
                    }

                    updated = updated with { Refresh = current.Refresh with { Scope = string.IsNullOrEmpty(scope) ? null : scope } };
                }

                return (updated, secrets);
            }

            case CredentialAuth.EnvironmentVariable:
            {
                Fields.RejectUnknown(auth, s_environmentVariableUpdate, "auth.");
                var updated = current with
                {
                    Networking = Networking(auth) ?? current.Networking,
                    InjectionLocation = auth.TryGetProperty("injection_location", out _) ? Injection(auth, current.InjectionLocation) : current.InjectionLocation,
                };
                return (updated, secrets with { SecretValue = OptionalSecret(auth, "secret_value", "auth.") ?? secrets.SecretValue });
            }

            default:
                throw ApiException.InvalidRequest($"auth.type: unknown type '{type}'.");
        }
    }

    private static (OAuthRefresh? Refresh, string? RefreshToken, string? ClientSecret) ReadRefresh(JsonElement auth)
    {
        if (Fields.OptionalObject(auth, "refresh", "auth.") is not { } refresh)
        {
            return (null, null, null);
        }

        const string path = "auth.refresh.";
        Fields.RejectUnknown(refresh, s_refresh, path);
        var endpoint = ServerUrl(refresh, "token_endpoint", path);
        var clientId = Fields.RequiredString(refresh, "client_id", 1024, path: path);
        var refreshToken = Secret(refresh, "refresh_token", path);
        var endpointAuth = Fields.OptionalObject(refresh, "token_endpoint_auth", path)
            ?? throw ApiException.InvalidRequest($"{path}token_endpoint_auth: required; {{\"type\": \"none\"}}, {{\"type\": \"client_secret_basic\", \"client_secret\": ...}} or {{\"type\": \"client_secret_post\", ...}}.");
        Fields.RejectUnknown(endpointAuth, s_endpointAuth, path + "token_endpoint_auth.");
        var authType = Fields.RequiredString(endpointAuth, "type", 64, path: path + "token_endpoint_auth.");
        string? clientSecret = authType switch
        {
            "none" => endpointAuth.TryGetProperty("client_secret", out _) ? throw ApiException.InvalidRequest($"{path}token_endpoint_auth.client_secret: not allowed with type 'none'.") : null,
            "client_secret_basic" or "client_secret_post" => Secret(endpointAuth, "client_secret", path + "token_endpoint_auth."),
            _ => throw ApiException.InvalidRequest($"{path}token_endpoint_auth.type: must be 'none', 'client_secret_basic' or 'client_secret_post', not '{authType}'."),
        };
        var scope = Fields.OptionalString(refresh, "scope", 1024, path: path);
        var resource = Fields.OptionalString(refresh, "resource", MaxUrlLength, path: path);
        return (new OAuthRefresh(endpoint, clientId, new TokenEndpointAuth(authType), string.IsNullOrEmpty(scope) ? null : scope, resource), refreshToken, clientSecret);
    }

    private static string ServerUrl(JsonElement obj, string name, string path)
    {
        var url = Fields.RequiredString(obj, name, MaxUrlLength, path: path);
        return Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && string.IsNullOrEmpty(uri.UserInfo)
            ? url
            : throw ApiException.InvalidRequest($"{path}{name}: must be an absolute http or https URL without credentials; got '{url}'.");
    }

    private static string Secret(JsonElement obj, string name, string path) =>
        OptionalSecret(obj, name, path) ?? throw ApiException.InvalidRequest($"{path}{name}: required non-empty string.");

    // The value is checked without ever being quoted back.
    private static string? OptionalSecret(JsonElement obj, string name, string path)
    {
        if (!obj.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String || value.GetString() is not { Length: > 0 and <= MaxSecretLength } secret)
        {
            throw ApiException.InvalidRequest($"{path}{name}: must be a non-empty string of at most {MaxSecretLength} characters.");
        }

        return secret;
    }

    private static string? ExpiresAt(JsonElement auth, DateTimeOffset now)
    {
        var text = Fields.OptionalString(auth, "expires_at", 64, path: "auth.");
        if (text is null)
        {
            return null;
        }

        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
        {
            throw ApiException.InvalidRequest($"auth.expires_at: must be an RFC 3339 timestamp; got '{text}'.");
        }

        return at > now ? ApiTimestamps.Write(at) : throw ApiException.InvalidRequest($"auth.expires_at: must be in the future; got '{text}'.");
    }

    private static CredentialNetworking? Networking(JsonElement auth)
    {
        if (Fields.OptionalObject(auth, "networking", "auth.") is not { } networking)
        {
            return null;
        }

        Fields.RejectUnknown(networking, s_networking, "auth.networking.");
        var type = Fields.RequiredString(networking, "type", 32, path: "auth.networking.");
        if (type == "unrestricted")
        {
            return networking.TryGetProperty("allowed_hosts", out _)
                ? throw ApiException.InvalidRequest("auth.networking.allowed_hosts: only with type 'limited'.")
                : new CredentialNetworking(type, null);
        }

        if (type != "limited")
        {
            throw ApiException.InvalidRequest($"auth.networking.type: must be 'unrestricted' or 'limited', not '{type}'.");
        }

        var hosts = Fields.OptionalArray(networking, "allowed_hosts", MaxAllowedHosts, "auth.networking.")
            ?? throw ApiException.InvalidRequest("auth.networking.allowed_hosts: required with type 'limited' (1 to 16 hostnames).");
        var result = new List<string>();
        var index = 0;
        foreach (var item in hosts.EnumerateArray())
        {
            var at = $"auth.networking.allowed_hosts.{index++}";
            var host = item.ValueKind == JsonValueKind.String ? item.GetString()!.ToLowerInvariant() : throw ApiException.InvalidRequest($"{at}: must be a hostname string.");
            if (!HostPattern().IsMatch(host))
            {
                throw ApiException.InvalidRequest($"{at}: '{host}' must be a bare hostname, an IPv4 address or a '*.' wildcard (no scheme, port or path).");
            }

            result.Add(host);
        }

        return result.Count > 0 ? new CredentialNetworking(type, result) : throw ApiException.InvalidRequest("auth.networking.allowed_hosts: at least one host.");
    }

    /// <summary>On create, omitted → both true; a given object → omitted members false. On update, omitted members keep their value. At least one must be true; null is refused.</summary>
    private static InjectionLocation Injection(JsonElement auth, InjectionLocation? current)
    {
        if (!auth.TryGetProperty("injection_location", out var value))
        {
            return current ?? new InjectionLocation(Body: true, Header: true);
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            throw ApiException.InvalidRequest("auth.injection_location: must be an object {\"header\": bool, \"body\": bool}.");
        }

        Fields.RejectUnknown(value, s_injection, "auth.injection_location.");
        var result = new InjectionLocation(
            Fields.OptionalBool(value, "body", "auth.injection_location.") ?? (current?.Body ?? false),
            Fields.OptionalBool(value, "header", "auth.injection_location.") ?? (current?.Header ?? false));
        return result.Body || result.Header ? result : throw ApiException.InvalidRequest("auth.injection_location: at least one of header and body must be true.");
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex EnvironmentName();

    [GeneratedRegex(@"^(\*\.)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$")]
    private static partial Regex HostPattern();
}
