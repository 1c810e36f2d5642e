namespace Drover.Sessions;

/// <summary>The order of a slice.</summary>
public enum ReadDirection
{
    /// <summary>Ascending sequence.</summary>
    Forward,

    /// <summary>Descending sequence.</summary>
    Backward,
}
