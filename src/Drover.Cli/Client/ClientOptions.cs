using System.CommandLine;

namespace Drover.Cli.Client;

/// <summary>
/// The options every client command takes (<c>--base-url</c>, <c>--api-key</c>, <c>--profile</c>, <c>--json</c>), recursive
/// on each top-level client command. A flag wins over the environment (<c>DROVER_BASE_URL</c>, <c>DROVER_API_KEY</c>,
/// <c>DROVER_PROFILE</c>), which wins over the saved profile.
/// </summary>
internal sealed class ClientOptions
{
    public const string DefaultBaseUrl = "http://127.0.0.1:8080";

    public Option<string?> BaseUrl { get; } = new("--base-url")
    {
        Description = $"The Drover server (default: $DROVER_BASE_URL, else the saved profile, else {DefaultBaseUrl}).",
        Recursive = true,
    };

    public Option<string?> ApiKey { get; } = new("--api-key")
    {
        Description = "The API key (default: $DROVER_API_KEY, else the saved profile).",
        Recursive = true,
    };

    public Option<string?> Profile { get; } = new("--profile")
    {
        Description = "The profile saved by 'drover login' to use (default: $DROVER_PROFILE, else 'default').",
        Recursive = true,
    };

    public Option<bool> Json { get; } = new("--json")
    {
        Description = "Write JSON to stdout (and only JSON); human text goes to stderr.",
        Recursive = true,
    };

    public Command AddTo(Command command)
    {
        command.Options.Add(BaseUrl);
        command.Options.Add(ApiKey);
        command.Options.Add(Profile);
        command.Options.Add(Json);
        return command;
    }

    public string ProfileName(ParseResult parse) =>
        parse.GetValue(Profile) ?? NonEmpty(Environment.GetEnvironmentVariable("DROVER_PROFILE")) ?? ProfileStore.DefaultProfile;

    /// <summary>Resolves the connection; throws <see cref="CliException"/> for a base URL that is not an absolute http(s) URL.</summary>
    public ConnectionSettings Resolve(ParseResult parse)
    {
        var profileName = ProfileName(parse);
        var profile = ProfileStore.Find(profileName);
        var (url, urlSource) = First(
            (parse.GetValue(BaseUrl), "--base-url"),
            (Environment.GetEnvironmentVariable("DROVER_BASE_URL"), "DROVER_BASE_URL"),
            (profile?.BaseUrl, $"profile '{profileName}'"),
            (DefaultBaseUrl, "the default"));
        var (key, keySource) = First(
            (parse.GetValue(ApiKey), "--api-key"),
            (Environment.GetEnvironmentVariable("DROVER_API_KEY"), "DROVER_API_KEY"),
            (profile?.ApiKey, $"profile '{profileName}'"));
        if (!Uri.TryCreate(url, UriKind.Absolute, out var baseUrl) || baseUrl.Scheme is not ("http" or "https"))
        {
            throw new CliException(ExitCodes.InvalidInput, $"the base URL '{url}' (from {urlSource}) is not an http(s) URL.");
        }

        return new ConnectionSettings(baseUrl, key, key is null ? urlSource : $"{urlSource}, key from {keySource}");
    }

    private static (string? Value, string Source) First(params (string? Value, string Source)[] candidates) =>
        candidates.FirstOrDefault(c => !string.IsNullOrEmpty(c.Value), (null, "nowhere"));

    private static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
