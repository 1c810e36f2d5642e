using Drover.Harness.Models;

namespace Drover.Harness.Tests.Models.OpenAI;

public sealed class ModelNamePatternTests
{
    [Theory]
    [InlineData("llama3*", "llama3", true)]
    [InlineData("llama3*", "llama3.1:8b", true)]
    [InlineData("llama3*", "llama2", false)]
    [InlineData("qwen2.5:*", "Qwen2.5:14B", true)]
    [InlineData("qwen2.5:*", "qwen2.5", false)]
    [InlineData("*", "anything/at all", true)]
    [InlineData("*-instruct", "mistral-7b-instruct", true)]
    [InlineData("*-instruct", "mistral-7b-instruct-v2", false)]
    [InlineData("a*b*c", "aXbYbZc", true)]
    [InlineData("a*b*c", "aXbYc-", false)]
    [InlineData("phi?", "phi3", true)]
    [InlineData("phi?", "phi", false)]
    [InlineData("gpt-4o", "gpt-4o", true)]
    [InlineData("gpt-4o", "gpt-4o-mini", false)]
    public void Globs_match_whole_names_case_insensitively(string pattern, string name, bool matches) =>
        Assert.Equal(matches, ModelNamePattern.Matches(pattern, name));
}
