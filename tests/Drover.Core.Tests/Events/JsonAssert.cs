using System.Text.Json.Nodes;

namespace Drover.Tests.Events;

internal static class JsonAssert
{
    /// <summary>Passes when both texts hold the same JSON value, whatever the member order and whitespace.</summary>
    public static void Equivalent(string expected, string actual)
    {
        var e = JsonNode.Parse(expected);
        var a = JsonNode.Parse(actual);
        Assert.True(JsonNode.DeepEquals(e, a), $"JSON differs.{Environment.NewLine}expected: {e?.ToJsonString()}{Environment.NewLine}actual:   {a?.ToJsonString()}");
    }
}
