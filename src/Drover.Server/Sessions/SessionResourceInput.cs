using System.Text.Json;

namespace Drover.Server.Sessions;

/// <summary>One resource of a create request, checked and in its response shape.</summary>
/// <param name="Type"><c>file</c>, <c>github_repository</c> or <c>memory_store</c>.</param>
/// <param name="Document">The resource as the session document keeps and returns it.</param>
/// <param name="Id">The <c>sesrsc_</c> id; null for memory stores, which the SDK models without one.</param>
/// <param name="AuthorizationToken">A repository's token, kept apart from the document; null when none was given.</param>
internal sealed record SessionResourceInput(string Type, JsonElement Document, string? Id, string? AuthorizationToken);
