namespace Drover.Cli.Resources;

/// <summary>A flag that sets one field of a create or update body; <paramref name="Path"/> is dotted for nested fields (<c>config.type</c>).</summary>
internal sealed record FieldFlag(string Name, string Path, FieldKind Kind, string Description);
