using System.Text.Json;
using Drover.Sandbox.Tools;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Drover.Sandbox.Tests;

/// <summary>The tool definitions the model sees, and the startup checks of the sandbox settings.</summary>
public sealed class CatalogTests
{
    [Fact]
    public async Task The_eight_tools_have_the_official_names_and_input_fields()
    {
        await using var hands = TestHands.Create();

        var tools = hands.Hands.Tools.ToDictionary(t => t.Name);

        Assert.Equal(["bash", "read", "write", "edit", "glob", "grep", "web_fetch", "web_search"], hands.Hands.Tools.Select(t => t.Name));
        Assert.Equal(["command", "restart", "timeout_ms"], Properties(tools["bash"].InputSchema));
        Assert.Equal(["file_path", "view_range"], Properties(tools["read"].InputSchema));
        Assert.Equal(["file_path", "content"], Properties(tools["write"].InputSchema));
        Assert.Equal(["file_path", "old_string", "new_string", "replace_all"], Properties(tools["edit"].InputSchema));
        Assert.Equal(["pattern", "path"], Properties(tools["glob"].InputSchema));
        Assert.Equal(["pattern", "path", "context_lines"], Properties(tools["grep"].InputSchema));
        Assert.Equal(["url"], Properties(tools["web_fetch"].InputSchema));
        Assert.Equal(["query"], Properties(tools["web_search"].InputSchema));
        Assert.Equal(["read", "glob", "grep"], hands.Hands.Tools.Where(t => t.ReadOnly).Select(t => t.Name));
        Assert.All(hands.Hands.Tools, t => Assert.True(t.Description.Length > 60));
    }

    [Fact]
    public async Task Web_search_is_unavailable_without_a_provider_and_runs_with_one()
    {
        await using var without = TestHands.Create();
        await using var with = TestHands.Create(webSearch: new StaticSearch());

        var result = await with.RunAsync("web_search", """{"query": "drover"}""");
        var refused = await without.RunAsync("web_search", """{"query": "drover"}""");

        Assert.Equal(WebSearchTool.NoProvider, without.Hands.Tools.Single(t => t.Name == "web_search").UnavailableReason);
        Assert.Null(with.Hands.Tools.Single(t => t.Name == "web_search").UnavailableReason);
        Assert.Equal("1. Drover\n   https://drover.test/\n   query was drover", TestHands.Text(result));
        Assert.True(refused.IsError);
    }

    [Fact]
    public async Task Unknown_tools_are_error_results()
    {
        await using var hands = TestHands.Create();

        var output = await hands.RunAsync("computer", "{}");

        Assert.True(output.IsError);
        Assert.StartsWith("Unknown tool computer", TestHands.Text(output), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("unsandboxed", null, "Sandbox:Provider=unsandboxed runs agent commands on this host with no isolation; set Sandbox:AllowUnsandboxed=true")]
    [InlineData("docker", null, "Sandbox:Provider must be bubblewrap or unsandboxed, not 'docker'.")]
    [InlineData("bubblewrap", "00:00:00", "Sandbox:IdleTimeout must be positive.")]
    public void Invalid_settings_fail_validation_naming_the_setting(string provider, string? idle, string expected)
    {
        var settings = new Dictionary<string, string?> { ["Sandbox:Provider"] = provider, ["Sandbox:IdleTimeout"] = idle };
        var services = new ServiceCollection().AddDroverSandbox(new ConfigurationBuilder().AddInMemoryCollection(settings).Build()).BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<SandboxOptions>>().Value);

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_bwrap_fails_validation_with_the_install_command()
    {
        var result = new SandboxOptionsValidator(() => false).Validate(null, new SandboxOptions());

        Assert.True(result.Failed);
        Assert.Contains("Sandbox:Provider is bubblewrap, but bubblewrap (bwrap) is not installed", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("apt-get install bubblewrap", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("Sandbox:Provider=unsandboxed and Sandbox:AllowUnsandboxed=true", result.FailureMessage, StringComparison.Ordinal);
    }

    private static string[] Properties(JsonElement schema) => [.. schema.GetProperty("properties").EnumerateObject().Select(p => p.Name)];

    private sealed class StaticSearch : IWebSearchProvider
    {
        public Task<IReadOnlyList<WebSearchResult>> SearchAsync(string query, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<WebSearchResult>>([new WebSearchResult("Drover", "https://drover.test/", $"query was {query}")]);
    }
}
