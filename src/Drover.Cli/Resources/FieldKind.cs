namespace Drover.Cli.Resources;

/// <summary>How a flag's value goes into the request body.</summary>
internal enum FieldKind
{
    /// <summary>A string.</summary>
    Text,

    /// <summary><c>key=value</c>, repeatable, into an object of strings (an empty value removes the key on update).</summary>
    Map,

    /// <summary>Repeatable, into an array of strings.</summary>
    List,
}
