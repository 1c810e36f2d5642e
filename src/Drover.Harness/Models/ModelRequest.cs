using System.Text.Json;

namespace Drover.Harness.Models;

/// <summary>One model request, provider-neutral.</summary>
/// <param name="Model">The model name as the agent configures it, e.g. <c>claude-sonnet-4-5</c>.</param>
/// <param name="System">The system prompt; null for none.</param>
/// <param name="Messages">The conversation, alternating user and assistant, starting with user.</param>
/// <param name="Tools">The tools the model may call.</param>
/// <param name="MaxTokens">The output token limit.</param>
public sealed record ModelRequest(
    string Model,
    string? System,
    IReadOnlyList<ModelMessage> Messages,
    IReadOnlyList<ModelTool> Tools,
    int MaxTokens)
{
    /// <summary>Extended thinking budget in tokens; null turns thinking off. Providers without thinking ignore it.</summary>
    public int? ThinkingBudgetTokens { get; init; }

    /// <summary>
    /// Whether the system prompt and tools end with a cache breakpoint (they change rarely, so they are the
    /// first prefix worth caching). Message breakpoints are set per message with <see cref="ModelMessage.CacheBreakpoint"/>.
    /// </summary>
    public bool CacheSystemAndTools { get; init; } = true;
}

/// <summary>One message of the conversation.</summary>
/// <param name="Role">Who wrote it.</param>
/// <param name="Content">Its blocks, in order.</param>
public sealed record ModelMessage(ModelRole Role, IReadOnlyList<ModelContent> Content)
{
    /// <summary>
    /// Whether a prompt-cache breakpoint follows this message's last block: everything up to here is cached so the
    /// next request, which repeats it, reads it from the cache. Providers without explicit caching ignore it.
    /// </summary>
    public bool CacheBreakpoint { get; init; }
}

/// <summary>The author of a <see cref="ModelMessage"/>.</summary>
public enum ModelRole
{
    User,
    Assistant,
}

/// <summary>A tool offered to the model.</summary>
/// <param name="Name">The name the model calls it by.</param>
/// <param name="Description">What it does, for the model.</param>
/// <param name="InputSchema">The JSON Schema of its input (an object schema).</param>
public sealed record ModelTool(string Name, string Description, JsonElement InputSchema);
