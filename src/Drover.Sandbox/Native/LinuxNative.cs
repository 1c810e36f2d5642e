using System.Runtime.InteropServices;

namespace Drover.Sandbox.Native;

/// <summary>The few Linux calls .NET does not expose: openat2, setns, lchown, kill, geteuid, renameat2.</summary>
internal static partial class LinuxNative
{
    public const int SigKill = 9;
    public const int SigUsr1 = 10;
    public const int SigStop = 19;
    public const int CloneNewNet = 0x40000000;

    public const int ENOSYS = 38;
    public const int EXDEV = 18;
    public const int ENOENT = 2;
    public const int ELOOP = 40;
    public const int EISDIR = 21;
    public const int ENOTDIR = 20;
    public const int EACCES = 13;
    public const int EEXIST = 17;
    public const int ENXIO = 6;

    public const ulong ORdOnly = 0;
    public const ulong OWrOnly = 1;
    public const ulong OCreat = 0x40;
    public const ulong OTrunc = 0x200;
    public const ulong ONonBlock = 0x800;
    public const ulong ODirectory = 0x10000;
    public const ulong ONoFollow = 0x20000;
    public const ulong OCloExec = 0x80000;
    public const ulong OPath = 0x200000;

    /// <summary>RESOLVE_BENEATH: every step of the path, symlinks included, must stay below the directory.</summary>
    public const ulong ResolveBeneath = 0x08;
    public const ulong ResolveNoMagicLinks = 0x02;

    public const int AtFdCwd = -100;
    public const uint RenameNoReplace = 1;

    private const long SysOpenat2 = 437;

    [StructLayout(LayoutKind.Sequential)]
    private struct OpenHow
    {
        public ulong Flags;
        public ulong Mode;
        public ulong Resolve;
    }

    [LibraryImport("libc", SetLastError = true)]
    private static unsafe partial long syscall(long number, int dirfd, byte* path, OpenHow* how, nuint size);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int setns(int fd, int nstype);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int lchown(string path, int owner, int group);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int link(string oldPath, string newPath);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int fchown(int fd, int owner, int group);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int kill(int pid, int sig);

    [LibraryImport("libc")]
    public static partial int geteuid();

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int mkdirat(int dirfd, string path, int mode);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int renameat2(int olddirfd, string oldpath, int newdirfd, string newpath, uint flags);

    /// <summary>openat2(2); returns the descriptor or -errno.</summary>
    public static unsafe int OpenAt2(int dirFd, string path, ulong flags, ulong mode, ulong resolve)
    {
        var how = new OpenHow { Flags = flags, Mode = mode, Resolve = resolve };
        var bytes = System.Text.Encoding.UTF8.GetBytes(path + "\0");
        fixed (byte* p = bytes)
        {
            var fd = syscall(SysOpenat2, dirFd, p, &how, (nuint)sizeof(OpenHow));
            return fd >= 0 ? (int)fd : -Marshal.GetLastPInvokeError();
        }
    }
}
