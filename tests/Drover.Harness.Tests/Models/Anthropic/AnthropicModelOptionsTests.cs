using Drover.Harness.Models.Anthropic;

namespace Drover.Harness.Tests.Models.Anthropic;

public sealed class AnthropicModelOptionsTests
{
    [Fact]
    public void Reads_the_standard_environment_variables()
    {
        var variables = new Dictionary<string, string?> { ["ANTHROPIC_API_KEY"] = " sk-ant-1 ", ["ANTHROPIC_BASE_URL"] = "http://127.0.0.1:9000" };

        var options = AnthropicModelOptions.FromEnvironment(name => variables.GetValueOrDefault(name));

        Assert.Equal("sk-ant-1", options.ApiKey);
        Assert.Equal("http://127.0.0.1:9000", options.BaseUrl);
    }

    [Fact]
    public void Blank_or_missing_variables_leave_no_key_and_the_public_api()
    {
        var options = AnthropicModelOptions.FromEnvironment(name => name == "ANTHROPIC_API_KEY" ? "  " : null);

        Assert.Null(options.ApiKey);
        Assert.Equal("https://api.anthropic.com", options.BaseUrl);
    }
}
