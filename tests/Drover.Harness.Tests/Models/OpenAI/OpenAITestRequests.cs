using System.Text.Json;
using Drover.Harness.Models;
using Drover.Harness.Models.OpenAI;

namespace Drover.Harness.Tests.Models.OpenAI;

/// <summary>Requests and helpers shared by the OpenAI-compatible client tests.</summary>
internal static class OpenAITestRequests
{
    public static ModelRequest Hello(string model = "llama3.1") =>
        new(model, "Be brief.", [new ModelMessage(ModelRole.User, [new ModelText("Hi")])], [], 256);

    public static OpenAICompatibleModelClient ClientFor(FakeOpenAIServer server, string? apiKey = null, TimeSpan? timeout = null) =>
        new(new OpenAIEndpointOptions
        {
            Name = "fake",
            BaseUrl = server.BaseUrl.ToString(),
            ApiKey = apiKey,
            Timeout = timeout ?? TimeSpan.FromSeconds(30),
        });

    public static async Task<List<ModelStreamItem>> CollectAsync(IModelClient client, ModelRequest request, CancellationToken cancellationToken)
    {
        List<ModelStreamItem> items = [];
        await foreach (var item in client.StreamAsync(request, cancellationToken))
        {
            items.Add(item);
        }

        return items;
    }

    public static JsonElement Json(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
