using System.Runtime.InteropServices;

namespace Drover.Server.Files;

/// <summary>Hard links (no .NET API has them): a session's copy of a file costs no space and survives the original's deletion.</summary>
internal static partial class HardLinks
{
    /// <summary>Links <paramref name="target"/> to <paramref name="source"/>, or copies it where linking fails (another file system, Windows).</summary>
    public static void LinkOrCopy(string source, string target)
    {
        if (OperatingSystem.IsWindows() || link(source, target) != 0)
        {
            File.Copy(source, target, overwrite: true);
        }
    }

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int link(string oldPath, string newPath);
}
