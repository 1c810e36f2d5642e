namespace Drover.FakeModel;

/// <summary>Token usage a scripted reply reports, in the Anthropic shape (input excludes cached tokens).</summary>
public sealed record FakeUsage(long InputTokens, long OutputTokens, long CacheReadInputTokens = 0, long CacheCreationInputTokens = 0);
