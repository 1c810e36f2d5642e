namespace Drover.Resources;

/// <summary>A resource of that kind already has the id.</summary>
public sealed class ResourceAlreadyExistsException(string kind, string id)
    : ResourceStoreException($"A {kind} with id '{id}' exists already.")
{
    public string Kind { get; } = kind;

    public string Id { get; } = id;
}
