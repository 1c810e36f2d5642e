namespace Drover.Sessions;

/// <summary>A lease on a session: the right to run its harness until <paramref name="ExpiresAt"/>.</summary>
/// <param name="SessionId">The leased session.</param>
/// <param name="Holder">Who holds it (an instance and worker name).</param>
/// <param name="Epoch">The fencing epoch that appends under this lease must carry.</param>
/// <param name="ExpiresAt">When it lapses unless renewed.</param>
public sealed record SessionLease(string SessionId, string Holder, long Epoch, DateTimeOffset ExpiresAt);
