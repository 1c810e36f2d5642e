using System.Collections.Frozen;
using System.Text.Json;
using Drover.Server.Api;

namespace Drover.Server.Environments;

/// <summary>
/// Reads <c>config</c> of an environment create or update. On update, omitted members keep their stored value
/// and null members take their default; the config's type cannot change.
/// </summary>
internal static class EnvironmentConfigReader
{
    public const string InvalidConfigTypeChange = "invalid_config_type_change";
    public const int MaxHosts = 256;
    public const int MaxPackages = 256;
    public const int MaxPackageLength = 256;

    private static readonly string[] s_managers = ["apt", "cargo", "gem", "go", "npm", "pip"];
    private static readonly FrozenSet<string> s_typeOnly = Set("type");
    private static readonly FrozenSet<string> s_cloudFields = Set("type", "networking", "packages");
    private static readonly FrozenSet<string> s_limitedFields = Set("type", "allowed_hosts", "allow_mcp_servers", "allow_package_managers");
    private static readonly FrozenSet<string> s_packageFields = Set([.. s_managers, "type"]);

    /// <summary>The config asked for; <paramref name="stored"/> is the current one on update (null on create).</summary>
    public static EnvironmentConfig Read(JsonElement body, EnvironmentConfig? stored)
    {
        if (Fields.OptionalObject(body, "config") is not { } config)
        {
            return stored ?? CloudConfig.Default;
        }

        var type = Discriminator.Read(config, "config.", CloudConfig.TypeName, SelfHostedConfig.TypeName);
        if (stored is not null && type != TypeOf(stored))
        {
            throw ApiException.InvalidRequest($"config.type: an environment's type cannot change; this one is '{TypeOf(stored)}'.", InvalidConfigTypeChange);
        }

        if (type == SelfHostedConfig.TypeName)
        {
            Fields.RejectUnknown(config, s_typeOnly, "config.");
            return new SelfHostedConfig();
        }

        Fields.RejectUnknown(config, s_cloudFields, "config.");
        var current = stored as CloudConfig ?? CloudConfig.Default;
        var networking = config.TryGetProperty("networking", out _) ? ReadNetworking(config, current.Networking as LimitedNetworking) : current.Networking;
        var packages = config.TryGetProperty("packages", out _) ? ReadPackages(config) : current.Packages;
        if (networking is LimitedNetworking { AllowPackageManagers: false } && !packages.IsEmpty)
        {
            throw ApiException.InvalidRequest("config.packages: installing packages under limited networking needs config.networking.allow_package_managers: true.");
        }

        return new CloudConfig(networking, packages);
    }

    private static string TypeOf(EnvironmentConfig config) => config is CloudConfig ? CloudConfig.TypeName : SelfHostedConfig.TypeName;

    private static EnvironmentNetworking ReadNetworking(JsonElement config, LimitedNetworking? stored)
    {
        if (Fields.OptionalObject(config, "networking", "config.") is not { } networking)
        {
            return UnrestrictedNetworking.Instance;
        }

        const string Path = "config.networking.";
        if (Discriminator.Read(networking, Path, UnrestrictedNetworking.TypeName, LimitedNetworking.TypeName) == UnrestrictedNetworking.TypeName)
        {
            Fields.RejectUnknown(networking, s_typeOnly, Path);
            return UnrestrictedNetworking.Instance;
        }

        Fields.RejectUnknown(networking, s_limitedFields, Path);
        return new LimitedNetworking(
            networking.TryGetProperty("allowed_hosts", out _) ? ReadHosts(networking, Path) : stored?.AllowedHosts ?? [],
            Keep(networking, "allow_mcp_servers", Path, stored?.AllowMcpServers),
            Keep(networking, "allow_package_managers", Path, stored?.AllowPackageManagers));
    }

    /// <summary>A flag of limited networking: omitted keeps the stored value, null (or nothing stored) is false.</summary>
    private static bool Keep(JsonElement networking, string name, string path, bool? stored) =>
        networking.TryGetProperty(name, out _) ? Fields.OptionalBool(networking, name, path) ?? false : stored ?? false;

    private static string[] ReadHosts(JsonElement networking, string path)
    {
        if (Fields.OptionalArray(networking, "allowed_hosts", MaxHosts, path) is not { } list)
        {
            return [];
        }

        var hosts = new List<string>();
        var index = 0;
        foreach (var element in list.EnumerateArray())
        {
            var where = $"{path}allowed_hosts.{index}";
            var host = element.ValueKind == JsonValueKind.String ? element.GetString()! : throw ApiException.InvalidRequest($"{where}: must be a string.");
            if (!IsHostPattern(host))
            {
                throw ApiException.InvalidRequest($"{where}: must be a hostname such as 'api.example.com' or a wildcard such as '*.example.com', without scheme, port or path; got '{host}'.");
            }

            if (hosts.Contains(host, StringComparer.OrdinalIgnoreCase))
            {
                throw ApiException.InvalidRequest($"{where}: '{host}' is listed twice.");
            }

            hosts.Add(host);
            index++;
        }

        return [.. hosts];
    }

    private static bool IsHostPattern(string host)
    {
        var name = host.StartsWith("*.", StringComparison.Ordinal) ? host[2..] : host;
        return name.Length is > 0 and <= 253
            && name.Split('.').All(l => l.Length is > 0 and <= 63 && l[0] != '-' && l[^1] != '-' && l.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'));
    }

    private static EnvironmentPackages ReadPackages(JsonElement config)
    {
        if (Fields.OptionalObject(config, "packages", "config.") is not { } packages)
        {
            return EnvironmentPackages.None;
        }

        const string Path = "config.packages.";
        Fields.RejectUnknown(packages, s_packageFields, Path);
        if (packages.TryGetProperty("type", out _))
        {
            Discriminator.Read(packages, Path, "packages");
        }

        var lists = s_managers.Select(m => ReadPackageList(packages, m, Path)).ToArray();
        return new EnvironmentPackages(lists[0], lists[1], lists[2], lists[3], lists[4], lists[5]);
    }

    /// <summary>One manager's packages, each a name with an optional version pin; no whitespace and no leading '-', so no entry can pass as an option.</summary>
    private static string[] ReadPackageList(JsonElement packages, string manager, string path)
    {
        if (Fields.OptionalArray(packages, manager, MaxPackages, path) is not { } list)
        {
            return [];
        }

        var index = 0;
        var result = new string[list.GetArrayLength()];
        foreach (var element in list.EnumerateArray())
        {
            var entry = element.ValueKind == JsonValueKind.String ? element.GetString()! : "";
            if (entry.Length is 0 or > MaxPackageLength || entry[0] == '-' || entry.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
            {
                throw ApiException.InvalidRequest($"{path}{manager}.{index}: must be a package name of 1 to {MaxPackageLength} characters, optionally pinned (such as 'requests==2.32.0'), without spaces or a leading '-'.");
            }

            result[index++] = entry;
        }

        return result;
    }

    private static FrozenSet<string> Set(params string[] names) => names.ToFrozenSet(StringComparer.Ordinal);
}
