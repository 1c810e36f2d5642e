using Drover.Resources;

namespace Drover.Server.Sessions;

/// <summary>The outcome of <see cref="SessionStore.ChangeAsync"/>.</summary>
/// <param name="Record">The session's record as stored now.</param>
/// <param name="Before">The document the change was applied to.</param>
/// <param name="After">The document as stored now; <paramref name="Before"/> when nothing changed.</param>
/// <param name="Changed">False when the change was a no-op and nothing was written.</param>
internal sealed record SessionChange(ResourceRecord Record, SessionDocument Before, SessionDocument After, bool Changed);
