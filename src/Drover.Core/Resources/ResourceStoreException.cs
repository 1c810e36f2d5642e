namespace Drover.Resources;

/// <summary>
/// A refusal of the resource store that the caller caused (a taken id or name, a stale version, a bad
/// cursor). Its <see cref="Exception.Message"/> is safe to show a client; the refused call changed nothing.
/// </summary>
public abstract class ResourceStoreException(string message) : Exception(message)
{
}
