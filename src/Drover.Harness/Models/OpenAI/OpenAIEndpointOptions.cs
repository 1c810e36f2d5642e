namespace Drover.Harness.Models.OpenAI;

/// <summary>
/// One OpenAI-compatible chat-completions endpoint (Ollama, vLLM, LM Studio, OpenAI itself, ...), bound from
/// <c>Models:OpenAI:&lt;Name&gt;</c>. See <see cref="ModelRoutingOptions"/> for the whole configuration shape.
/// </summary>
public sealed class OpenAIEndpointOptions
{
    public const string MaxTokens = "max_tokens";

    public const string MaxCompletionTokens = "max_completion_tokens";

    /// <summary>The endpoint's name: its configuration key, and the prefix that picks it explicitly (<c>ollama/llama3.1</c>).</summary>
    public required string Name { get; init; }

    /// <summary>The API base URL, including the version segment: <c>http://localhost:11434/v1</c>. Requests go to <c>{BaseUrl}/chat/completions</c>.</summary>
    public required string BaseUrl { get; init; }

    /// <summary>The bearer key; null sends no <c>Authorization</c> header (Ollama and LM Studio need none).</summary>
    public string? ApiKey { get; init; }

    /// <summary>
    /// The model names this endpoint serves: exact names or glob patterns (<c>*</c> any run of characters, <c>?</c> one),
    /// compared case-insensitively. Empty: the endpoint is reached only by its explicit prefix.
    /// </summary>
    public IReadOnlyList<string> Models { get; init; } = [];

    /// <summary>
    /// How long to wait for the response to start, and then between two reads of the stream. Local models can take
    /// minutes to load and to read a long prompt, hence the generous default.
    /// </summary>
    public TimeSpan Timeout { get; init; } = DefaultTimeout;

    /// <summary>
    /// The request field that carries the output token limit: <see cref="MaxTokens"/> (the default; what Ollama,
    /// LM Studio, vLLM and llama.cpp read) or <see cref="MaxCompletionTokens"/> (what OpenAI's reasoning models
    /// require). OpenAI refuses requests that carry both, and local servers ignore the newer one, so one is chosen here.
    /// </summary>
    public string MaxTokensParameter { get; init; } = MaxTokens;

    internal static TimeSpan DefaultTimeout { get; } = TimeSpan.FromMinutes(5);

    /// <summary>The configuration key of this endpoint's API key, for messages that tell the operator what to set.</summary>
    public string ApiKeyConfigurationKey => $"{ModelRoutingOptions.SectionName}:OpenAI:{Name}:ApiKey";
}
