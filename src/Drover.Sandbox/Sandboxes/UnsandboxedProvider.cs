using System.Diagnostics;

namespace Drover.Sandbox.Sandboxes;

/// <summary>
/// No sandbox: the shell runs on the host as the server's user, in the workspace directory, with a clean environment
/// and nothing else held back (no filesystem, network or process isolation). Only for machines where bubblewrap cannot
/// run, behind <see cref="SandboxOptions.AllowUnsandboxed"/>, and loudly logged at startup.
/// </summary>
internal sealed class UnsandboxedProvider : ISandboxProvider
{
    public string Name => SandboxProviderNames.Unsandboxed;

    public int? WorkspaceOwner => null;

    public string? CheckAvailable() => File.Exists("/bin/bash") ? null : "the unsandboxed provider needs /bin/bash.";

    public async Task<ISandbox> StartAsync(SandboxRequest request, CancellationToken cancellationToken)
    {
        request.Workspace.EnsureExists();
        var start = new ProcessStartInfo("/usr/bin/setsid")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = request.Workspace.HostPath,
        };
        start.Environment.Clear();
        start.Environment["PATH"] = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
        start.Environment["HOME"] = request.Workspace.HostPath;
        start.Environment["LANG"] = "C.UTF-8";
        start.Environment["TERM"] = "dumb";
        foreach (var arg in new[] { "/bin/bash", "--noprofile", "--norc" })
        {
            start.ArgumentList.Add(arg);
        }

        var process = new Process { StartInfo = start };
        try
        {
            await LauncherThread.StartAsync(process);
        }
        catch
        {
            process.Dispose();
            throw;
        }

        return new UnsandboxedSandbox(process);
    }
}
