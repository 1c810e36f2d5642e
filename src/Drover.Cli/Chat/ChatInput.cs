using Drover.Cli.Sessions;

namespace Drover.Cli.Chat;

/// <summary>Everything a chat reacts to, merged into one queue so one loop handles it in order (no locks on the chat's state).</summary>
internal abstract record ChatInput
{
    public sealed record Line(string Text) : ChatInput;

    public sealed record EndOfInput : ChatInput;

    public sealed record Frame(StreamFrame Value) : ChatInput;

    public sealed record StreamEnded(Exception? Error) : ChatInput;

    public sealed record CtrlC : ChatInput;
}
