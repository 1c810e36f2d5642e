using System.Threading.Channels;

namespace Drover.Cli.Chat;

/// <summary>
/// Lines typed on stdin, read on a thread of their own: <c>Console.In</c> blocks its caller (its async methods too), and
/// the chat must keep drawing events while the user types. The channel completes at end of input (Ctrl-D, or a pipe's end).
/// </summary>
internal static class ConsoleLines
{
    public static ChannelReader<string> Start(TextReader input)
    {
        // Unbounded: a person types far slower than the chat reads.
        var channel = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        var thread = new Thread(() =>
        {
            while (input.ReadLine() is { } line)
            {
                channel.Writer.TryWrite(line);
            }

            channel.Writer.TryComplete();
        })
        {
            IsBackground = true,
            Name = "drover chat input",
        };
        thread.Start();
        return channel.Reader;
    }
}
