using System.Diagnostics;
using System.Globalization;
using System.Text;
using Drover.Sandbox.Egress;
using Drover.Sandbox.Native;
using Drover.Sandbox.Workspaces;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Drover.Sandbox.Sandboxes;

/// <summary>
/// Sandboxes made with bubblewrap (<c>bwrap</c>): private <c>/workspace</c>, read-only system directories, own user,
/// pid, ipc, uts, cgroup and network namespaces, a clean environment, rlimits and (where possible) cgroup limits.
/// docs/sandbox.md explains each flag.
/// </summary>
internal sealed partial class BubblewrapProvider : ISandboxProvider
{
    private static readonly string[] s_bwrapLocations = ["/usr/bin/bwrap", "/usr/local/bin/bwrap", "/bin/bwrap"];
    private static readonly string[] s_etcEntries =
    [
        "alternatives", "ssl", "ca-certificates", "ca-certificates.conf", "ld.so.cache", "ld.so.conf", "ld.so.conf.d",
        "nsswitch.conf", "localtime", "timezone", "mime.types", "protocols", "services", "gai.conf", "host.conf", "inputrc",
        "magic", "magic.mime", "gitconfig", "python3", "perl", "debian_version", "os-release",
    ];

    private readonly SandboxOptions _options;
    private readonly EgressConnector _connector;
    private readonly EgressCertificates? _certificates;
    private readonly Cgroups _cgroups;
    private readonly string? _bwrap;
    private readonly bool _root = LinuxNative.geteuid() == 0;

    public BubblewrapProvider(IOptions<SandboxOptions> options, EgressConnector connector, ILogger<BubblewrapProvider> logger, EgressCertificates? certificates = null)
    {
        _options = options.Value;
        _connector = connector;
        _certificates = certificates;
        _bwrap = FindBwrap();
        _cgroups = new Cgroups();
        if (_bwrap is not null)
        {
            LogLimits(logger, _cgroups.Description, _root ? $"host uid {_options.HostUid}" : "the server's uid");
        }
    }

    public string Name => SandboxProviderNames.Bubblewrap;

    /// <summary>The uid that owns workspace files, so the sandbox's user can change what the host side wrote.</summary>
    public int? WorkspaceOwner => _root ? _options.HostUid : null;

    /// <summary>What to do when bwrap is missing.</summary>
    public static string Missing =>
        "bubblewrap (bwrap) is not installed, so sandboxes cannot start. Install it with `apt-get install bubblewrap`, "
        + $"or run tools without a sandbox with {SandboxOptions.Section}:Provider={SandboxProviderNames.Unsandboxed} "
        + $"and {SandboxOptions.Section}:AllowUnsandboxed=true.";

    public static string? FindBwrap() => s_bwrapLocations.FirstOrDefault(File.Exists);

    public string? CheckAvailable() => _bwrap is null ? Missing : null;

    public async Task<ISandbox> StartAsync(SandboxRequest request, CancellationToken cancellationToken)
    {
        if (_bwrap is null)
        {
            throw new InvalidOperationException(CheckAvailable());
        }

        request.Workspace.EnsureExists();
        request.Mounts?.Uploads.EnsureExists();
        request.Mounts?.Outputs.EnsureExists();
        if (_root && FirstUnsearchable(request.Workspace.HostPath) is { } blocked)
        {
            throw new InvalidOperationException(
                $"the sandbox user (host uid {_options.HostUid}) cannot reach the workspace because {blocked} is not searchable by others; "
                + $"allow it with `chmod o+x {blocked}`, or move {SandboxOptions.Section}:DataDirectory");
        }

        var cgroups = _options.Limits.UseCgroups ? _cgroups.Create(request.SessionId, _options.Limits) : null;

        var start = new ProcessStartInfo("/bin/bash")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = "/",
        };
        start.Environment.Clear();
        start.Environment["PATH"] = "/usr/sbin:/usr/bin:/sbin:/bin";

        var procsFiles = cgroups?.ProcsFiles.ToList() ?? [];
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(LauncherScript(_options.Limits, limitAddressSpace: cgroups is null));
        start.ArgumentList.Add("drover-sandbox");
        start.ArgumentList.Add(procsFiles.Count.ToString(CultureInfo.InvariantCulture));
        foreach (var file in procsFiles)
        {
            start.ArgumentList.Add(file);
        }

        // The sandbox dies with the server (SIGKILL when the launcher's parent dies), and is never host root: when the
        // server is root, setpriv drops to an unprivileged uid before bwrap runs.
        start.ArgumentList.Add("/usr/bin/setpriv");
        start.ArgumentList.Add("--pdeathsig=KILL");
        if (_root)
        {
            var id = _options.HostUid.ToString(CultureInfo.InvariantCulture);
            foreach (var arg in new[] { $"--reuid={id}", $"--regid={id}", "--clear-groups" })
            {
                start.ArgumentList.Add(arg);
            }
        }

        start.ArgumentList.Add("--");

        start.ArgumentList.Add(_bwrap);
        foreach (var arg in BwrapArguments(request))
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
            cgroups?.Delete();
            throw;
        }

        var sandbox = new BubblewrapSandbox(process, request, _connector, _certificates);
        if (cgroups is not null)
        {
            sandbox.AddCleanup(() =>
            {
                cgroups.Delete();
                return ValueTask.CompletedTask;
            });
        }

        return sandbox;
    }

    private List<string> BwrapArguments(SandboxRequest request)
    {
        var args = new List<string>
        {
            "--unshare-all", "--unshare-user", "--disable-userns", "--die-with-parent", "--new-session",
            "--uid", "1000", "--gid", "1000", "--hostname", "sandbox",
            "--ro-bind", "/usr", "/usr",
        };

        foreach (var top in new[] { "bin", "sbin", "lib", "lib32", "lib64", "libx32" })
        {
            var info = new FileInfo("/" + top);
            if (info.LinkTarget is { } target)
            {
                args.AddRange(["--symlink", target, "/" + top]);
            }
            else if (Directory.Exists("/" + top))
            {
                args.AddRange(["--ro-bind", "/" + top, "/" + top]);
            }
        }

        foreach (var entry in s_etcEntries)
        {
            args.AddRange(["--ro-bind-try", "/etc/" + entry, "/etc/" + entry]);
        }

        // The launcher opens these generated files as descriptors 5 to 8 (see LauncherScript).
        foreach (var (fd, file) in new[] { ("5", "passwd"), ("6", "group"), ("7", "hosts"), ("8", "hostname") })
        {
            args.AddRange(["--ro-bind-data", fd, "/etc/" + file]);
        }

        args.AddRange(["--proc", "/proc", "--dev", "/dev"]);
        args.AddRange(["--size", _options.Limits.TmpSizeBytes.ToString(CultureInfo.InvariantCulture), "--tmpfs", "/tmp"]);
        args.AddRange(["--dir", "/var", "--symlink", "/tmp", "/var/tmp"]);
        args.AddRange(["--bind", request.Workspace.HostPath, "/workspace", "--chdir", "/workspace"]);
        if (request.Mounts is { } mounts)
        {
            // The session's files read-only (bwrap makes /mnt/session in the root tmpfs); its outputs writable.
            args.AddRange(["--ro-bind", mounts.Uploads.HostPath, SessionMounts.UploadsRoot]);
            args.AddRange(["--bind", mounts.Outputs.HostPath, SessionMounts.OutputsRoot]);
        }

        // The root is a private tmpfs whose directories (/etc, /var) bwrap made for the sandbox user: read-only, so
        // nothing can be planted beside the system files. /workspace and /tmp are mounts of their own and stay writable.
        var trustsProxyCa = request.Network.Enabled && request.Network.HasCredentials && _certificates is not null;
        if (trustsProxyCa)
        {
            // Before the root goes read-only: bwrap makes /run/drover for the mount.
            args.AddRange(["--ro-bind", _certificates!.BundlePath, EgressCertificates.SandboxBundlePath]);
        }

        args.AddRange(["--remount-ro", "/"]);
        args.AddRange(["--clearenv", "--setenv", "PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"]);
        args.AddRange(["--setenv", "HOME", "/workspace", "--setenv", "LANG", "C.UTF-8", "--setenv", "TERM", "dumb"]);
        if (request.Network.Enabled)
        {
            var proxy = $"http://127.0.0.1:{BubblewrapSandbox.ProxyPort}";
            foreach (var name in new[] { "HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy" })
            {
                args.AddRange(["--setenv", name, proxy]);
            }

            args.AddRange(["--setenv", "NO_PROXY", "localhost,127.0.0.1", "--setenv", "no_proxy", "localhost,127.0.0.1"]);

            // environment_variable credentials: the sandbox only ever holds the placeholder; the proxy swaps it.
            foreach (var secret in request.Network.Secrets?.Names ?? [])
            {
                args.AddRange(["--setenv", secret.Name, secret.Placeholder]);
            }

            // To substitute into HTTPS the proxy terminates TLS for the credentials' hosts: the sandbox trusts its CA.
            if (trustsProxyCa)
            {
                foreach (var name in new[] { "SSL_CERT_FILE", "CURL_CA_BUNDLE", "REQUESTS_CA_BUNDLE", "GIT_SSL_CAINFO", "NODE_EXTRA_CA_CERTS" })
                {
                    args.AddRange(["--setenv", name, EgressCertificates.SandboxBundlePath]);
                }
            }
        }

        args.AddRange(["--", "/bin/bash", "--noprofile", "--norc"]);
        return args;
    }

    /// <summary>
    /// The launcher runs before bwrap, as the server's user: it moves itself into the sandbox's cgroups, sets the
    /// rlimits (soft and hard, so nothing inside can raise them), then execs the rest of its arguments.
    /// </summary>
    private static string LauncherScript(SandboxLimits limits, bool limitAddressSpace)
    {
        var ulimit = new StringBuilder("ulimit -S -H");
        ulimit.Append(CultureInfo.InvariantCulture, $" -u {limits.MaxProcesses} -n {limits.MaxOpenFiles} -f {Math.Max(1, limits.MaxFileSizeBytes / 1024)}");
        if (limitAddressSpace)
        {
            ulimit.Append(CultureInfo.InvariantCulture, $" -v {Math.Max(1, limits.MemoryBytes / 1024)}");
        }

        return "n=$1; shift; while [ \"$n\" -gt 0 ]; do echo $$ > \"$1\" || exit 121; shift; n=$((n-1)); done; "
            + ulimit + " || exit 122; "
            + "exec 5<<<$'root:x:0:0:root:/root:/bin/bash\\nsandbox:x:1000:1000:sandbox:/workspace:/bin/bash\\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin'; "
            + "exec 6<<<$'root:x:0:\\nsandbox:x:1000:\\nnogroup:x:65534:'; "
            + "exec 7<<<$'127.0.0.1\\tlocalhost sandbox\\n::1\\tlocalhost ip6-localhost ip6-loopback'; "
            + "exec 8<<<sandbox; "
            + "exec \"$@\"";
    }

    /// <summary>The first directory above <paramref name="path"/> that others cannot search (bwrap runs as another uid), or null.</summary>
    private static string? FirstUnsearchable(string path)
    {
        for (var dir = Path.GetDirectoryName(Path.GetFullPath(path)); dir is not null; dir = Path.GetDirectoryName(dir))
        {
            if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(dir) & UnixFileMode.OtherExecute) == 0)
            {
                return dir;
            }
        }

        return null;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Bubblewrap sandboxes: limits by {Limits}; sandbox processes run as {Uid}")]
    private static partial void LogLimits(ILogger logger, string limits, string uid);
}
