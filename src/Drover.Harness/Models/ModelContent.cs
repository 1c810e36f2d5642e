using System.Text.Json;

namespace Drover.Harness.Models;

/// <summary>One block of a <see cref="ModelMessage"/>: in requests, and as completed blocks of a response.</summary>
public abstract record ModelContent;

/// <summary>Plain text.</summary>
public sealed record ModelText(string Text) : ModelContent;

/// <summary>
/// An image or document block in the Anthropic content-block JSON shape (<c>{"type":"image","source":{...}}</c>),
/// passed through as the client sent it. Providers that cannot take it describe it as text.
/// </summary>
public sealed record ModelMedia(JsonElement Block) : ModelContent;

/// <summary>An extended-thinking block. <see cref="Signature"/> must go back to the provider unchanged with the block.</summary>
public sealed record ModelThinking(string Thinking, string Signature) : ModelContent;

/// <summary>A thinking block the provider encrypted; <see cref="Data"/> goes back unchanged.</summary>
public sealed record ModelRedactedThinking(string Data) : ModelContent;

/// <summary>A tool call by the model. In requests the harness uses the <c>sevt_</c> id of the tool use event as <see cref="Id"/>.</summary>
public sealed record ModelToolUse(string Id, string Name, JsonElement Input) : ModelContent;

/// <summary>The answer to a <see cref="ModelToolUse"/>, sent in a user message.</summary>
public sealed record ModelToolResult(string ToolUseId, IReadOnlyList<ModelContent> Content, bool IsError) : ModelContent;
