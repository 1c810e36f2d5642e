using System.Text.Json;
using Drover.Events;

namespace Drover.Hands;

/// <summary>A built-in tool as the model sees it.</summary>
/// <param name="Name">Its name in <c>agent_toolset_20260401</c>, e.g. <c>bash</c>.</param>
/// <param name="Description">What it does, for the model.</param>
/// <param name="InputSchema">The JSON Schema of its input, with the official field names.</param>
/// <param name="ReadOnly">True when running it twice has no effect beyond running it once (read, glob, grep): a call found without a result after a crash is simply run again.</param>
/// <param name="UnavailableReason">Why these hands cannot offer it (for example no web search provider is configured); null when they can. An unavailable tool is not offered to the model.</param>
public sealed record BuiltInTool(string Name, string Description, JsonElement InputSchema, bool ReadOnly, string? UnavailableReason = null);

/// <summary>One call of a built-in tool.</summary>
/// <param name="SessionId">The session whose sandbox and workspace the call uses.</param>
/// <param name="ToolUseId">The <c>sevt_</c> id of the <c>agent.tool_use</c> event.</param>
/// <param name="Name">The tool's name.</param>
/// <param name="Input">The model's input, a JSON object (not yet validated against the schema).</param>
/// <param name="Recipe">How to provision the session's sandbox when it has none.</param>
/// <param name="ToolConfig">The agent's config entry for this tool (from the toolset's <c>configs</c>), e.g. web domain lists; null when it has none.</param>
public sealed record ToolCall(string SessionId, string ToolUseId, string Name, JsonElement Input, SandboxRecipe Recipe, JsonElement? ToolConfig = null);

/// <summary>What a sandbox is built from.</summary>
/// <param name="EnvironmentId">The session's environment.</param>
/// <param name="EnvironmentConfig">The environment's <c>config</c> object as the API stores it (<c>type</c>, <c>networking</c>, <c>packages</c>).</param>
/// <param name="Repositories">The session's <c>github_repository</c> resources, cloned into the workspace before the first tool call that uses it; null or empty when it has none. Their tokens never enter the sandbox.</param>
/// <param name="Files">The session's <c>file</c> resources, mounted read-only under <c>/mnt/session/uploads/</c>; null or empty when it has none.</param>
public sealed record SandboxRecipe(string EnvironmentId, JsonElement EnvironmentConfig, IReadOnlyList<RepositoryResource>? Repositories = null, IReadOnlyList<FileMount>? Files = null)
{
    /// <summary>The session's <c>environment_variable</c> credentials (placeholders in the sandbox, values substituted at egress); null when it has none.</summary>
    public ISandboxSecrets? Secrets { get; init; }
}

/// <summary>The result of a tool call, as it goes into <c>agent.tool_result</c>.</summary>
/// <param name="Content">Text (and image or document) blocks.</param>
/// <param name="IsError">True when the tool failed; the model sees the content as the error.</param>
public sealed record ToolOutput(IReadOnlyList<ContentBlock> Content, bool IsError)
{
    /// <summary>A text result.</summary>
    public static ToolOutput Text(string text, bool isError = false) => new([new TextBlock(text)], isError);
}
