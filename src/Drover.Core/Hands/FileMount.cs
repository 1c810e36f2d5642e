namespace Drover.Hands;

/// <summary>A <c>file</c> resource of a session, as the hands need it to put the file into the sandbox, read-only.</summary>
/// <param name="Id">The resource's <c>sesrsc_</c> id.</param>
/// <param name="FileId">The Files API id of the file.</param>
/// <param name="MountPath">Where the sandbox sees it, always under <c>/mnt/session/uploads/</c>.</param>
/// <param name="HostPath">The session's own copy of the bytes on the server's host (which the hands link, never change).</param>
public sealed record FileMount(string Id, string FileId, string MountPath, string HostPath);
