namespace Drover.Harness.Models;

/// <summary>Matches model names against the names and glob patterns of an endpoint's model list (case-insensitive).</summary>
internal static class ModelNamePattern
{
    public static bool IsPattern(string pattern) => pattern.AsSpan().IndexOfAny('*', '?') >= 0;

    /// <summary>Whether <paramref name="name"/> matches <paramref name="pattern"/>: <c>*</c> is any run of characters, <c>?</c> exactly one.</summary>
    public static bool Matches(string pattern, string name)
    {
        // Greedy matching with one backtrack point: the last '*' seen, and where in the name it resumed.
        int p = 0, n = 0, star = -1, resume = 0;
        while (n < name.Length)
        {
            if (p < pattern.Length && (pattern[p] == '?' || char.ToUpperInvariant(pattern[p]) == char.ToUpperInvariant(name[n])))
            {
                p++;
                n++;
            }
            else if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                resume = n;
            }
            else if (star >= 0)
            {
                p = star + 1;
                n = ++resume;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }

        return p == pattern.Length;
    }
}
