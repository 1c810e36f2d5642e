namespace Drover.Resources;

/// <summary>A page cursor is malformed, or was made for another list or the other order.</summary>
public sealed class InvalidCursorException(string message) : ResourceStoreException(message)
{
}
