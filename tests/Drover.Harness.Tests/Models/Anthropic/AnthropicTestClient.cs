using System.Text.Json;
using Drover.FakeModel;
using Drover.Harness.Models;
using Drover.Harness.Models.Anthropic;

namespace Drover.Harness.Tests.Models.Anthropic;

/// <summary>Builds clients pointed at a fake server, requests, and collects streams.</summary>
internal static class AnthropicTestClient
{
    public const string ApiKey = "sk-ant-test-0123456789";

    public static AnthropicModelClient For(FakeAnthropicServer server, TimeSpan? timeout = null) =>
        new(new AnthropicModelOptions { ApiKey = ApiKey, BaseUrl = server.BaseUrl, Timeout = timeout ?? TimeSpan.FromSeconds(30) });

    public static ModelRequest Request(params ModelMessage[] messages) =>
        new("claude-sonnet-4-5", System: null, messages, Tools: [], MaxTokens: 4096);

    public static ModelMessage User(string text, bool breakpoint = false) =>
        new(ModelRole.User, [new ModelText(text)]) { CacheBreakpoint = breakpoint };

    public static ModelMessage Assistant(params ModelContent[] content) => new(ModelRole.Assistant, content);

    public static JsonElement Json(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    public static async Task<List<ModelStreamItem>> CollectAsync(this IModelClient client, ModelRequest request, CancellationToken cancellationToken = default)
    {
        var items = new List<ModelStreamItem>();
        await foreach (var item in client.StreamAsync(request, cancellationToken))
        {
            items.Add(item);
        }

        return items;
    }
}
