using System.Diagnostics;

namespace Drover.GitServer;

/// <summary>Runs git for the test server and its repositories, with no user or system configuration.</summary>
public static class Git
{
    /// <summary>Runs <c>git</c> with the arguments in the directory; returns its standard output, throwing when it fails.</summary>
    public static async Task<string> RunAsync(string workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo("git")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in Environment(workingDirectory))
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return process.ExitCode == 0
            ? (await stdout).Trim()
            : throw new InvalidOperationException($"git {string.Join(' ', arguments)} failed ({process.ExitCode}): {await stderr}");
    }

    /// <summary>The environment git runs with here: fixed identity and dates, no configuration files.</summary>
    public static IEnumerable<(string Name, string Value)> Environment(string home) =>
    [
        ("HOME", home),
        ("GIT_CONFIG_NOSYSTEM", "1"),
        ("GIT_CONFIG_GLOBAL", "/dev/null"),
        ("GIT_AUTHOR_NAME", "Drover Test"),
        ("GIT_AUTHOR_EMAIL", "test@drover.invalid"),
        ("GIT_COMMITTER_NAME", "Drover Test"),
        ("GIT_COMMITTER_EMAIL", "test@drover.invalid"),
    ];
}
