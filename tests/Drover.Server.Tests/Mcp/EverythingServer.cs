using System.Diagnostics;

namespace Drover.Server.Tests.Mcp;

/// <summary>
/// <c>@modelcontextprotocol/server-everything</c> (npm, installed in tests/sdk-ts by test.sh), run with the Node
/// binary that package.json pins.
/// </summary>
internal static class EverythingServer
{
    public static string Folder { get; } = Path.Combine(RepositoryRoot(), "tests", "sdk-ts");

    public static string Script => Path.Combine(Folder, "node_modules", "@modelcontextprotocol", "server-everything", "dist", "index.js");

    public static string Node => File.Exists(Path.Combine(Folder, "node_modules", ".bin", "node")) ? Path.Combine(Folder, "node_modules", ".bin", "node") : "node";

    public static void AssertInstalled() =>
        Assert.True(File.Exists(Script), $"server-everything is not installed: run 'npm ci' in {Folder} (test.sh does).");

    /// <summary>Starts it with streamable HTTP on <paramref name="port"/> and waits until it listens.</summary>
    public static async Task<Process> StartHttpAsync(int port, CancellationToken cancellationToken)
    {
        AssertInstalled();
        var start = new ProcessStartInfo(Node)
        {
            WorkingDirectory = Folder,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
            ArgumentList = { Script, "streamableHttp" },
            Environment = { ["PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture) },
        };
        var process = Process.Start(start)!;
        var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data?.Contains("listening", StringComparison.OrdinalIgnoreCase) == true)
            {
                listening.TrySetResult();
            }
        };
        process.OutputDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        await listening.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
        return process;
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Drover.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Drover.slnx not found above the test binaries.");
    }
}
