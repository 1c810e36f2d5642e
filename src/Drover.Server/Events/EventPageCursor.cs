using System.Buffers.Text;
using System.Globalization;
using System.Text;
using Drover.Server.Api;
using Drover.Sessions;

namespace Drover.Server.Events;

/// <summary>The opaque <c>page</c> cursor of an event list: the order it was made for and the last sequence served.</summary>
internal static class EventPageCursor
{
    private const string Prefix = "evp1";

    public static string Encode(ReadDirection direction, long sequence) =>
        Base64Url.EncodeToString(Encoding.ASCII.GetBytes($"{Prefix}:{(direction == ReadDirection.Forward ? 'a' : 'd')}:{sequence}"));

    /// <summary>The sequence to continue from; a cursor that is malformed or was made for the other order is a 400.</summary>
    public static long Decode(string cursor, ReadDirection direction)
    {
        string text;
        try
        {
            text = Encoding.ASCII.GetString(Base64Url.DecodeFromChars(cursor));
        }
        catch (FormatException)
        {
            throw Invalid();
        }

        var parts = text.Split(':');
        if (parts is not [Prefix, "a" or "d", var number] || !long.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var sequence))
        {
            throw Invalid();
        }

        if ((parts[1] == "a") != (direction == ReadDirection.Forward))
        {
            throw ApiException.InvalidRequest("page: this cursor was made for the other order; pass the same order as the request that returned it.");
        }

        return sequence;
    }

    private static ApiException Invalid() => ApiException.InvalidRequest("page: not a cursor returned by this endpoint.");
}
