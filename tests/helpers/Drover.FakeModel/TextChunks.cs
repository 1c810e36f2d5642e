namespace Drover.FakeModel;

internal static class TextChunks
{
    /// <summary>Splits <paramref name="text"/> into at most <paramref name="parts"/> non-empty pieces, never inside a surrogate pair.</summary>
    public static IEnumerable<string> Split(string text, int parts)
    {
        var size = Math.Max(1, (int)Math.Ceiling(text.Length / (double)parts));
        for (var start = 0; start < text.Length;)
        {
            var length = Math.Min(size, text.Length - start);
            if (start + length < text.Length && char.IsHighSurrogate(text[start + length - 1]))
            {
                length++;
            }

            yield return text.Substring(start, length);
            start += length;
        }
    }
}
