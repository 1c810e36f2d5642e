using Drover.Harness.Models;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using static Drover.Harness.Tests.Models.OpenAI.FakeOpenAIChunks;
using static Drover.Harness.Tests.Models.OpenAI.OpenAITestRequests;

namespace Drover.Harness.Tests.Models.OpenAI;

/// <summary>Which endpoint <see cref="ModelRouter"/> sends a model name to, proved by which fake server receives the request.</summary>
public sealed class ModelRouterTests : IAsyncLifetime
{
    private FakeOpenAIServer _ollama = null!;
    private FakeOpenAIServer _vllm = null!;
    private readonly List<AnthropicEndpoint> _anthropicBuilds = [];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _ollama = await FakeOpenAIServer.StartAsync(Ct);
        _vllm = await FakeOpenAIServer.StartAsync(Ct);
    }

    public async ValueTask DisposeAsync()
    {
        await _ollama.DisposeAsync();
        await _vllm.DisposeAsync();
    }

    [Theory]
    [InlineData("llama3.1:8b", "ollama", "llama3.1:8b")]
    [InlineData("QWEN2.5:14b", "ollama", "QWEN2.5:14b")]
    [InlineData("Qwen/Qwen2.5-7B-Instruct", "vllm", "Qwen/Qwen2.5-7B-Instruct")]
    [InlineData("mixtral-special", "ollama", "mixtral-special")]
    [InlineData("exact-special", "vllm", "exact-special")]
    [InlineData("vllm/llama3.1", "vllm", "llama3.1")]
    [InlineData("OLLAMA/Qwen/Qwen2.5", "ollama", "Qwen/Qwen2.5")]
    [InlineData("vllm/claude-3-haiku", "vllm", "claude-3-haiku")]
    public async Task A_model_name_picks_its_endpoint_and_the_endpoint_gets_the_name_without_prefix(string model, string endpoint, string sentModel)
    {
        _ollama.Enqueue(FakeOpenAIReply.Stream(Text("from ollama"), Finish("stop")));
        _vllm.Enqueue(FakeOpenAIReply.Stream(Text("from vllm"), Finish("stop")));
        using var router = Router();

        var items = await CollectAsync(router.Resolve(model), Hello(model), Ct);

        Assert.Contains(new ModelBlockCompleted(0, new ModelText($"from {endpoint}")), items);
        var (chosen, other) = endpoint == "ollama" ? (_ollama, _vllm) : (_vllm, _ollama);
        Assert.Equal(sentModel, Assert.Single(chosen.Requests).Body.GetProperty("model").GetString());
        Assert.Empty(other.Requests);
    }

    [Fact]
    public void Models_of_one_endpoint_share_its_client()
    {
        using var router = Router();

        Assert.Same(router.Resolve("llama3.1"), router.Resolve("llama3.2"));
        Assert.NotSame(router.Resolve("llama3.1"), router.Resolve("Qwen/Qwen2.5"));
    }

    [Fact]
    public void A_model_nothing_serves_is_a_permanent_error_saying_what_to_configure()
    {
        using var router = Router();

        var error = Assert.Throws<ModelException>(() => router.Resolve("mistral-large"));

        Assert.False(error.Transient);
        Assert.Equal("model_request_failed_error", error.ErrorType);
        Assert.Contains("'mistral-large'", error.Message, StringComparison.Ordinal);
        Assert.Contains("Models:OpenAI:<endpoint>:BaseUrl", error.Message, StringComparison.Ordinal);
        Assert.Contains("Models:OpenAI:<endpoint>:Models", error.Message, StringComparison.Ordinal);
        Assert.Contains("ollama (llama3*, qwen2.5:*, *-special)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_prefix_without_a_model_is_a_permanent_error()
    {
        using var router = Router();

        Assert.False(Assert.Throws<ModelException>(() => router.Resolve("ollama/")).Transient);
    }

    [Fact]
    public void Claude_models_go_to_the_anthropic_client_which_is_built_once()
    {
        using var router = Router(anthropicKey: "sk-ant-test", anthropicBaseUrl: "http://127.0.0.1:9/anthropic");

        var sonnet = router.Resolve("claude-sonnet-4-5");
        var opus = router.Resolve("claude-opus-4-1");

        Assert.IsType<StubModelClient>(sonnet);
        Assert.Same(sonnet, opus);
        Assert.Equal([new AnthropicEndpoint("sk-ant-test", new Uri("http://127.0.0.1:9/anthropic"))], _anthropicBuilds);
    }

    [Fact]
    public void Claude_without_a_key_is_a_permanent_error_naming_the_variable()
    {
        using var router = Router(anthropicKey: null);

        var error = Assert.Throws<ModelException>(() => router.Resolve("claude-sonnet-4-5"));

        Assert.False(error.Transient);
        Assert.Contains("ANTHROPIC_API_KEY", error.Message, StringComparison.Ordinal);
        Assert.Empty(_anthropicBuilds);
    }

    [Fact]
    public void Claude_through_a_gateway_needs_no_key()
    {
        using var router = Router(anthropicKey: null, anthropicBaseUrl: "http://127.0.0.1:9");

        Assert.IsType<StubModelClient>(router.Resolve("claude-haiku-4-5"));
        Assert.Equal([new AnthropicEndpoint(null, new Uri("http://127.0.0.1:9"))], _anthropicBuilds);
    }

    [Fact]
    public void Invalid_options_are_refused_with_every_failure()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Models:OpenAI:nourl:Models"] = "x*",
            ["Models:OpenAI:badurl:BaseUrl"] = "localhost:11434",
            ["Models:OpenAI:odd:BaseUrl"] = "http://localhost:8000/v1",
            ["Models:OpenAI:odd:MaxTokensParameter"] = "max_new_tokens",
        }).Build();

        var error = Assert.Throws<OptionsValidationException>(() => new ModelRouter(ModelRoutingOptions.FromConfiguration(configuration), _ => new StubModelClient()));

        Assert.Equal(3, error.Failures.Count());
        Assert.Contains(error.Failures, f => f.StartsWith("Models:OpenAI:nourl:BaseUrl is not set", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.StartsWith("Models:OpenAI:badurl:BaseUrl is 'localhost:11434'", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.StartsWith("Models:OpenAI:odd:MaxTokensParameter", StringComparison.Ordinal));
    }

    private ModelRouter Router(string? anthropicKey = "sk-ant-test", string? anthropicBaseUrl = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ANTHROPIC_API_KEY"] = anthropicKey,
            ["ANTHROPIC_BASE_URL"] = anthropicBaseUrl,
            ["Models:OpenAI:vllm:BaseUrl"] = _vllm.BaseUrl.ToString(),
            ["Models:OpenAI:vllm:ApiKey"] = "token-abc",
            ["Models:OpenAI:vllm:Models:0"] = "Qwen/*",
            ["Models:OpenAI:vllm:Models:1"] = "exact-special",
            ["Models:OpenAI:ollama:BaseUrl"] = _ollama.BaseUrl.ToString(),
            ["Models:OpenAI:ollama:Models"] = "llama3*, qwen2.5:*, *-special",
        }).Build();
        return new ModelRouter(ModelRoutingOptions.FromConfiguration(configuration), endpoint =>
        {
            _anthropicBuilds.Add(endpoint);
            return new StubModelClient();
        });
    }

    /// <summary>Stands in for the Anthropic client, which the router only builds and hands out.</summary>
    private sealed class StubModelClient : IModelClient
    {
        public async IAsyncEnumerable<ModelStreamItem> StreamAsync(ModelRequest request, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            await Task.CompletedTask;
            yield return new ModelCompleted("end_turn", ModelTokenUsage.Zero);
        }
    }
}
