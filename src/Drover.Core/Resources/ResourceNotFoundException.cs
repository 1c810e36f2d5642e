namespace Drover.Resources;

/// <summary>No resource of that kind has the id.</summary>
public sealed class ResourceNotFoundException(string kind, string id)
    : ResourceStoreException($"No {kind} has id '{id}'.")
{
    public string Kind { get; } = kind;

    public string Id { get; } = id;
}
