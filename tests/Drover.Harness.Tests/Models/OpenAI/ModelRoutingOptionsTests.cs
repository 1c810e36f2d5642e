using Drover.Harness.Models;
using Drover.Harness.Models.OpenAI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Drover.Harness.Tests.Models.OpenAI;

/// <summary>How <see cref="ModelRoutingOptions"/> read configuration, and the DI registration that uses them.</summary>
public sealed class ModelRoutingOptionsTests
{
    [Fact]
    public void Configuration_binds_anthropic_variables_and_endpoints_in_name_order()
    {
        var options = ModelRoutingOptions.FromConfiguration(Configuration(new()
        {
            ["ANTHROPIC_API_KEY"] = "sk-ant-1",
            ["ANTHROPIC_BASE_URL"] = "https://gateway.example",
            ["Models:OpenAI:zeta:BaseUrl"] = "http://zeta:8000/v1",
            ["Models:OpenAI:zeta:Models:0"] = "a*",
            ["Models:OpenAI:zeta:Models:1"] = " b ",
            ["Models:OpenAI:alpha:BaseUrl"] = "http://alpha:11434/v1",
            ["Models:OpenAI:alpha:ApiKey"] = "k-1",
            ["Models:OpenAI:alpha:Models"] = "llama3*, ,qwen2.5:*",
            ["Models:OpenAI:alpha:Timeout"] = "00:00:45",
            ["Models:OpenAI:alpha:MaxTokensParameter"] = "max_completion_tokens",
        }));

        Assert.Equal(("sk-ant-1", "https://gateway.example"), (options.AnthropicApiKey, options.AnthropicBaseUrl));
        Assert.Equal(["alpha", "zeta"], options.OpenAIEndpoints.Select(e => e.Name));
        var alpha = options.OpenAIEndpoints[0];
        Assert.Equal(("http://alpha:11434/v1", "k-1"), (alpha.BaseUrl, alpha.ApiKey));
        Assert.Equal(["llama3*", "qwen2.5:*"], alpha.Models);
        Assert.Equal(TimeSpan.FromSeconds(45), alpha.Timeout);
        Assert.Equal(OpenAIEndpointOptions.MaxCompletionTokens, alpha.MaxTokensParameter);
        var zeta = options.OpenAIEndpoints[1];
        Assert.Null(zeta.ApiKey);
        Assert.Equal(["a*", "b"], zeta.Models);
        Assert.Equal(TimeSpan.FromMinutes(5), zeta.Timeout);
        Assert.Equal(OpenAIEndpointOptions.MaxTokens, zeta.MaxTokensParameter);
    }

    [Fact]
    public void An_unreadable_timeout_names_its_key()
    {
        var error = Assert.Throws<InvalidOperationException>(() => ModelRoutingOptions.FromConfiguration(Configuration(new()
        {
            ["Models:OpenAI:ollama:BaseUrl"] = "http://localhost:11434/v1",
            ["Models:OpenAI:ollama:Timeout"] = "five minutes",
        })));

        Assert.Contains("Models:OpenAI:ollama:Timeout", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddModelRouting_registers_a_router_over_the_configuration()
    {
        using var provider = new ServiceCollection()
            .AddSingleton(Configuration(new()
            {
                ["Models:OpenAI:ollama:BaseUrl"] = "http://127.0.0.1:9/v1",
                ["Models:OpenAI:ollama:Models"] = "llama3*",
            }))
            .AddModelRouting((_, _) => throw new InvalidOperationException("no Claude in this test"))
            .BuildServiceProvider();

        var client = Assert.IsType<OpenAICompatibleModelClient>(provider.GetRequiredService<IModelRouter>().Resolve("llama3.1"));
        Assert.Equal("ollama", client.Endpoint.Name);
    }

    [Fact]
    public void AddModelRouting_validates_the_options()
    {
        using var provider = new ServiceCollection()
            .AddSingleton(Configuration(new() { ["Models:OpenAI:ollama:Models"] = "llama3*" }))
            .AddModelRouting((_, _) => throw new InvalidOperationException("no Claude in this test"))
            .BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<ModelRoutingOptions>>().Value);
        Assert.Contains("Models:OpenAI:ollama:BaseUrl is not set", error.Message, StringComparison.Ordinal);
    }

    private static IConfiguration Configuration(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build();
}
