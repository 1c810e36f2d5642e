using System.Text.Json;
using System.Text.RegularExpressions;

namespace Drover.Resources;

/// <summary>The argument checks and time conversions every <see cref="IResourceStore"/> applies, so that stores agree.</summary>
public static partial class ResourceRules
{
    /// <summary>Checks a kind: a lowercase letter, then up to 63 lowercase letters, digits or underscores.</summary>
    public static void ValidateKind(string kind)
    {
        ArgumentException.ThrowIfNullOrEmpty(kind);
        if (!KindPattern().IsMatch(kind))
        {
            throw new ArgumentException($"'{kind}' is not a resource kind: use lowercase letters, digits and underscores.", nameof(kind));
        }
    }

    /// <summary>
    /// Checks a filter field and returns its path: one name, or two joined by a dot, each a lowercase
    /// letter or underscore followed by lowercase letters, digits or underscores. Stores may therefore
    /// write the path into SQL.
    /// </summary>
    public static string[] ValidateField(string field)
    {
        ArgumentException.ThrowIfNullOrEmpty(field);
        if (!FieldPattern().IsMatch(field))
        {
            throw new ArgumentException($"'{field}' is not a filterable field: use 'name' or 'name.name' in lowercase snake case.", nameof(field));
        }

        return field.Split('.');
    }

    /// <summary>Checks every filter; see <see cref="ValidateField"/>.</summary>
    public static void ValidateFilters(IReadOnlyList<ResourceFilter> filters)
    {
        ArgumentNullException.ThrowIfNull(filters);
        foreach (var filter in filters)
        {
            ArgumentNullException.ThrowIfNull(filter);
            ValidateField(filter.Field);
            if (filter.Values is not { Count: > 0 } || filter.Values.Any(v => v is null))
            {
                throw new ArgumentException($"The filter on '{filter.Field}' needs at least one value, none of them null.", nameof(filters));
            }
        }
    }

    /// <summary>Checks a record about to be written: its kind, id, unique name and that its data is a JSON object.</summary>
    public static void ValidateForWrite(ResourceRecord resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        ValidateKind(resource.Kind);
        ArgumentException.ThrowIfNullOrEmpty(resource.Id, nameof(resource));
        if (resource.UniqueName is { Length: 0 })
        {
            throw new ArgumentException("A unique name is null or not empty.", nameof(resource));
        }

        try
        {
            using var document = JsonDocument.Parse(resource.Data);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                return;
            }
        }
        catch (JsonException ex)
        {
            throw new ArgumentException("Resource data must be a JSON object.", nameof(resource), ex);
        }

        throw new ArgumentException("Resource data must be a JSON object.", nameof(resource));
    }

    /// <summary>Checks a page size against <see cref="ResourceQuery.MaxLimit"/>.</summary>
    public static void ValidateLimit(int limit)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, ResourceQuery.MaxLimit);
    }

    /// <summary>The instant in whole Unix milliseconds, rounded down: what stores keep.</summary>
    public static long ToUnixMilliseconds(DateTimeOffset time) => time.ToUnixTimeMilliseconds();

    public static DateTimeOffset FromUnixMilliseconds(long milliseconds) => DateTimeOffset.FromUnixTimeMilliseconds(milliseconds);

    /// <summary>
    /// The query's four creation bounds as one inclusive range of Unix milliseconds (either end null when
    /// open), exact for bounds that are not whole milliseconds.
    /// </summary>
    public static (long? Min, long? Max) CreatedRange(ResourceQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        long? min = null;
        long? max = null;
        if (query.CreatedAfter is { } after)
        {
            min = Math.Max(min ?? long.MinValue, Floor(after) + 1);
        }

        if (query.CreatedAtOrAfter is { } atOrAfter)
        {
            min = Math.Max(min ?? long.MinValue, Ceiling(atOrAfter));
        }

        if (query.CreatedBefore is { } before)
        {
            max = Math.Min(max ?? long.MaxValue, Ceiling(before) - 1);
        }

        if (query.CreatedAtOrBefore is { } atOrBefore)
        {
            max = Math.Min(max ?? long.MaxValue, Floor(atOrBefore));
        }

        return (min, max);
    }

    private static long Floor(DateTimeOffset time) => time.ToUnixTimeMilliseconds();

    private static long Ceiling(DateTimeOffset time) =>
        time.ToUnixTimeMilliseconds() + (time.UtcTicks % TimeSpan.TicksPerMillisecond == 0 ? 0 : 1);

    [GeneratedRegex("^[a-z][a-z0-9_]{0,63}\\z", RegexOptions.CultureInvariant)]
    private static partial Regex KindPattern();

    [GeneratedRegex("^[a-z_][a-z0-9_]*(\\.[a-z_][a-z0-9_]*)?\\z", RegexOptions.CultureInvariant)]
    private static partial Regex FieldPattern();
}
