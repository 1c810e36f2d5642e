namespace Drover.FakeModel;

/// <summary>One content block of a scripted reply.</summary>
internal abstract record FakeBlock;

internal sealed record FakeTextBlock(string Text) : FakeBlock;

internal sealed record FakeThinkingBlock(string Thinking, string Signature) : FakeBlock;

internal sealed record FakeRedactedThinkingBlock(string Data) : FakeBlock;

internal sealed record FakeToolUseBlock(string Id, string Name, string InputJson) : FakeBlock;
