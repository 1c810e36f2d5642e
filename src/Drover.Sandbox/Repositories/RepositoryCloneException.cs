namespace Drover.Sandbox.Repositories;

/// <summary>A repository resource could not be cloned or checked out; the message names it, says why, and holds no token.</summary>
internal sealed class RepositoryCloneException(string message) : Exception(message);
