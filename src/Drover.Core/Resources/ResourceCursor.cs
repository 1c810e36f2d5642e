using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace Drover.Resources;

/// <summary>
/// A page cursor: which list it belongs to (kind, and for version lists the resource), the order it was
/// made for, whether it pages forward or back, and the key it pages from. Opaque to clients as base64url
/// text; not signed, as it grants nothing the list's own filters do not.
/// </summary>
internal sealed record ResourceCursor(char List, string Kind, bool Descending, bool Backward, ResourceKey Key)
{
    public const char Resources = 'l';
    public const char Versions = 'v';

    private const char FormatVersion = '1';
    private static readonly UTF8Encoding s_strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public string Encode()
    {
        var text = string.Create(CultureInfo.InvariantCulture, $"{FormatVersion}{List}{(Descending ? 'd' : 'a')}{(Backward ? 'p' : 'n')}:{Kind}:{Key.Position}:{Key.Id}");
        return Base64Url.EncodeToString(Encoding.UTF8.GetBytes(text));
    }

    /// <summary>Reads a cursor and checks it belongs to the list and order asked for; throws <see cref="InvalidCursorException"/>.</summary>
    public static ResourceCursor Decode(string cursor, char list, string kind, bool descending, string? resourceId)
    {
        var parsed = TryParse(cursor) ?? throw new InvalidCursorException("The page cursor is malformed.");
        if (parsed.List != list || parsed.Kind != kind || (resourceId is not null && parsed.Key.Id != resourceId))
        {
            throw new InvalidCursorException("The page cursor belongs to another list.");
        }

        if (parsed.Descending != descending)
        {
            throw new InvalidCursorException("The page cursor was made for the other order.");
        }

        return parsed;
    }

    private static ResourceCursor? TryParse(string cursor)
    {
        string text;
        try
        {
            text = s_strictUtf8.GetString(Base64Url.DecodeFromChars(cursor));
        }
        catch (FormatException)
        {
            return null;
        }
        catch (DecoderFallbackException)
        {
            return null;
        }

        var parts = text.Split(':', 4);
        if (parts.Length != 4 || parts[0].Length != 4 || parts[0][0] != FormatVersion || parts[3].Length == 0
            || !long.TryParse(parts[2], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var position))
        {
            return null;
        }

        var head = parts[0];
        return head[1] is Resources or Versions && head[2] is 'a' or 'd' && head[3] is 'n' or 'p'
            ? new ResourceCursor(head[1], parts[1], head[2] == 'd', head[3] == 'p', new ResourceKey(position, parts[3]))
            : null;
    }
}
