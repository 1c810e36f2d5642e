using System.Text;
using System.Text.RegularExpressions;

namespace Drover.Sandbox.Tools;

/// <summary>
/// A glob with doublestar semantics, matched against '/'-separated relative paths: <c>*</c> and <c>?</c> stay inside
/// one path segment, <c>**</c> spans any number of segments (zero included), <c>[abc]</c> and <c>{a,b}</c> work.
/// </summary>
internal sealed class DoublestarPattern
{
    private readonly Regex _regex;

    public DoublestarPattern(string pattern) => _regex = new Regex(ToRegex(pattern), RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

    public bool IsMatch(string relativePath) => _regex.IsMatch(relativePath);

    private static string ToRegex(string pattern)
    {
        var regex = new StringBuilder("^");
        var braces = 0;
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            switch (c)
            {
                case '*' when i + 1 < pattern.Length && pattern[i + 1] == '*':
                    var slashAfter = i + 2 < pattern.Length && pattern[i + 2] == '/';
                    var atSegmentStart = i == 0 || pattern[i - 1] == '/';
                    if (atSegmentStart && slashAfter)
                    {
                        regex.Append("(?:.*/)?");
                        i += 2;
                    }
                    else
                    {
                        regex.Append(".*");
                        i++;
                    }

                    break;
                case '*':
                    regex.Append("[^/]*");
                    break;
                case '?':
                    regex.Append("[^/]");
                    break;
                case '[':
                    var close = pattern.IndexOf(']', i + 1);
                    if (close < 0)
                    {
                        regex.Append(@"\[");
                        break;
                    }

                    var set = pattern[(i + 1)..close];
                    regex.Append('[').Append(set.StartsWith('!') ? "^" + Regex.Escape(set[1..]) : Regex.Escape(set)).Append(']');
                    i = close;
                    break;
                case '{':
                    braces++;
                    regex.Append("(?:");
                    break;
                case '}' when braces > 0:
                    braces--;
                    regex.Append(')');
                    break;
                case ',' when braces > 0:
                    regex.Append('|');
                    break;
                default:
                    regex.Append(Regex.Escape(c.ToString()));
                    break;
            }
        }

        return regex.Append('$').ToString();
    }
}
