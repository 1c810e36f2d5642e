namespace Drover.Harness.Models;

/// <summary>One item of a streamed model response.</summary>
public abstract record ModelStreamItem;

/// <summary>Text arriving for the block at <paramref name="Index"/> (for live previews; the block itself arrives as <see cref="ModelBlockCompleted"/>).</summary>
public sealed record ModelTextDelta(int Index, string Text) : ModelStreamItem;

/// <summary>Thinking arriving for the block at <paramref name="Index"/>.</summary>
public sealed record ModelThinkingDelta(int Index, string Thinking) : ModelStreamItem;

/// <summary>A whole content block of the response (text, thinking, redacted thinking or tool use), in response order.</summary>
public sealed record ModelBlockCompleted(int Index, ModelContent Block) : ModelStreamItem;

/// <summary>The response ended.</summary>
/// <param name="StopReason">Normalised: <c>end_turn</c>, <c>tool_use</c>, <c>max_tokens</c>, <c>refusal</c>, <c>pause_turn</c>, or the provider's own value.</param>
/// <param name="Usage">Tokens the request used.</param>
public sealed record ModelCompleted(string StopReason, ModelTokenUsage Usage) : ModelStreamItem;

/// <summary>Token usage of one model request. <see cref="InputTokens"/> excludes cached tokens (as Anthropic reports it).</summary>
public sealed record ModelTokenUsage(long InputTokens, long OutputTokens, long CacheReadInputTokens, long CacheCreationInputTokens)
{
    public static ModelTokenUsage Zero { get; } = new(0, 0, 0, 0);
}
