namespace Drover.Server.Tests;

/// <summary>One server-sent event as it came over the wire.</summary>
internal sealed record SseFrame(string? Event, string Data, string? Id)
{
    /// <summary>Reads frames off an open SSE response body, as a client would, until the server closes it.</summary>
    public static async IAsyncEnumerable<SseFrame> ReadAsync(Stream body, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(body);
        string? name = null, id = null;
        var data = new List<string>();
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Length == 0)
            {
                if (data.Count > 0)
                {
                    yield return new SseFrame(name, string.Join('\n', data), id);
                }

                (name, id) = (null, null);
                data.Clear();
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var field = colon < 0 ? line : line[..colon];
            var value = colon < 0 ? "" : line[(colon + 1)..].TrimStart(' ');
            switch (field)
            {
                case "event": name = value; break;
                case "data": data.Add(value); break;
                case "id": id = value; break;
            }
        }
    }
}
