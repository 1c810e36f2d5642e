namespace Drover.Resources;

/// <summary>
/// Keeps resources whose JSON field <paramref name="Field"/> is a string or number equal to one of
/// <paramref name="Values"/> (a number matches the text it is written as, such as <c>"42"</c>).
/// </summary>
/// <param name="Field">A top-level field (<c>status</c>) or one level of nesting (<c>agent.id</c>); see <see cref="ResourceRules.ValidateField"/>.</param>
/// <param name="Values">At least one value.</param>
public sealed record ResourceFilter(string Field, IReadOnlyList<string> Values)
{
    public ResourceFilter(string field, string value)
        : this(field, [value])
    {
    }
}
