using System.Globalization;
using System.Text;

namespace Drover.Sandbox.Tools;

/// <summary>
/// Keeps the first and the last half of a limit's worth of characters of a stream of text, and counts what fell out
/// in between, so a command that prints gigabytes costs a bounded amount of memory.
/// </summary>
internal sealed class HeadTailBuffer(int limit)
{
    private readonly StringBuilder _head = new();
    private readonly int _headLimit = limit / 2;
    private readonly int _tailLimit = limit - (limit / 2);
    private char[] _tail = [];
    private int _tailStart;
    private int _tailLength;

    public long Total { get; private set; }

    public bool Truncated => Total > _headLimit + _tailLimit;

    public void Append(ReadOnlySpan<char> text)
    {
        Total += text.Length;
        var toHead = Math.Min(text.Length, _headLimit - _head.Length);
        if (toHead > 0)
        {
            _head.Append(text[..toHead]);
            text = text[toHead..];
        }

        foreach (var c in text)
        {
            if (_tail.Length == 0)
            {
                _tail = new char[Math.Max(1, _tailLimit)];
            }

            _tail[(_tailStart + _tailLength) % _tail.Length] = c;
            if (_tailLength < _tail.Length)
            {
                _tailLength++;
            }
            else
            {
                _tailStart = (_tailStart + 1) % _tail.Length;
            }
        }
    }

    /// <summary>Drops one final newline (the one the shell protocol adds before its marker).</summary>
    public void TrimFinalNewline()
    {
        if (_tailLength > 0 && _tail[(_tailStart + _tailLength - 1) % _tail.Length] == '\n')
        {
            _tailLength--;
            Total--;
        }
        else if (_tailLength == 0 && _head.Length > 0 && _head[^1] == '\n')
        {
            _head.Length--;
            Total--;
        }
    }

    public override string ToString()
    {
        var tail = new StringBuilder(_tailLength);
        for (var i = 0; i < _tailLength; i++)
        {
            tail.Append(_tail[(_tailStart + i) % _tail.Length]);
        }

        if (!Truncated)
        {
            return _head.Append(tail).ToString();
        }

        var cut = Total - _head.Length - _tailLength;
        return string.Create(CultureInfo.InvariantCulture, $"{_head}\n\n[... {cut:N0} characters of output cut here; {Total:N0} in all. The start and the end are shown. ...]\n\n{tail}");
    }
}
