namespace Drover.Resources;

/// <summary>Another current resource of the kind holds the unique name. The name itself is left out of the message: it may be a secret's hash.</summary>
public sealed class ResourceNameTakenException(string kind)
    : ResourceStoreException($"Another {kind} has that name already.")
{
    public string Kind { get; } = kind;
}
