namespace Drover.Harness.Models;

/// <summary>
/// Where Claude models are served: the Anthropic Messages API, or a compatible gateway. Read from the standard
/// <c>ANTHROPIC_API_KEY</c> and <c>ANTHROPIC_BASE_URL</c> variables and handed to the factory that builds the Anthropic client.
/// </summary>
/// <param name="ApiKey">The API key; null when none is configured (allowed only with a <paramref name="BaseUrl"/>).</param>
/// <param name="BaseUrl">The API base URL; null for the SDK's default (<c>https://api.anthropic.com</c>).</param>
public sealed record AnthropicEndpoint(string? ApiKey, Uri? BaseUrl);
