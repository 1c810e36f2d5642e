namespace Drover.Hands;

/// <summary>
/// What sessions left in their <c>/mnt/session/outputs/</c>: the server lists and copies these files into the Files API
/// (scoped to the session) when a run settles. Implemented by hands that keep outputs on the server's host.
/// </summary>
/// <remarks>Both members are confined to the session's outputs folder: a symbolic link leading out is neither listed nor opened.</remarks>
public interface ISessionOutputs
{
    /// <summary>The regular files below the session's outputs folder (at most <paramref name="limit"/>); empty when it has none.</summary>
    IReadOnlyList<SessionOutputFile> List(string sessionId, int limit);

    /// <summary>Opens one of them for reading; <paramref name="path"/> is relative to the outputs folder, as listed.</summary>
    Stream OpenRead(string sessionId, string path);
}

/// <summary>One file in a session's outputs folder.</summary>
/// <param name="Path">Relative to <c>/mnt/session/outputs</c>, with <c>/</c> separators, e.g. <c>report/summary.md</c>.</param>
/// <param name="SizeBytes">Its size when listed.</param>
/// <param name="ModifiedAt">Its modification time when listed.</param>
public sealed record SessionOutputFile(string Path, long SizeBytes, DateTimeOffset ModifiedAt);
