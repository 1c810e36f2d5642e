using System.Text.Json;

namespace Drover.Cli.Client;

/// <summary>
/// The profiles <c>drover login</c> saves, in <c>$XDG_CONFIG_HOME/drover/profiles.json</c> (else <c>~/.config/drover/</c>).
/// The file holds API keys, so it is written with mode 0600 in a 0700 folder, and replaced atomically.
/// </summary>
internal static class ProfileStore
{
    public const string DefaultProfile = "default";

    public static string Directory
    {
        get
        {
            var config = Environment.GetEnvironmentVariable("XDG_CONFIG_HOME");
            if (string.IsNullOrEmpty(config))
            {
                config = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config");
            }

            return Path.Combine(config, "drover");
        }
    }

    public static string FilePath => Path.Combine(Directory, "profiles.json");

    public static Profile? Find(string name) => Load().GetValueOrDefault(name);

    public static void Save(string name, Profile profile)
    {
        var profiles = Load();
        profiles[name] = profile;
        var directory = System.IO.Directory.CreateDirectory(Directory);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(directory.FullName, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        // Created 0600 before the key is written, so the key is never readable by others, even for a moment.
        var temporary = FilePath + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(temporary, options))
        {
            JsonSerializer.Serialize(stream, profiles, ProfileJsonContext.Default.DictionaryStringProfile);
        }

        File.Move(temporary, FilePath, overwrite: true);
    }

    private static Dictionary<string, Profile> Load()
    {
        if (!File.Exists(FilePath))
        {
            return new(StringComparer.Ordinal);
        }

        using var stream = File.OpenRead(FilePath);
        return JsonSerializer.Deserialize(stream, ProfileJsonContext.Default.DictionaryStringProfile) ?? new(StringComparer.Ordinal);
    }
}
