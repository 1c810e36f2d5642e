using System.Reflection;
using System.Text.Json;
using Drover.Events;
using Sdk = Anthropic.Models.Beta.Sessions.Events;

namespace Drover.Tests.Events;

/// <summary>
/// Compares Drover's catalogue with the official C# SDK's. The SDK keeps each discriminator as the default value
/// of a model's <c>Type</c> property, and each union lists its variants as constructors <c>(TVariant, JsonElement?)</c>.
/// </summary>
public sealed class SdkCatalogueTests
{
    [Fact]
    public void Drover_knows_exactly_the_sdk_session_event_types()
    {
        var sdk = VariantTypes(typeof(Sdk.BetaManagedAgentsSessionEvent));

        Assert.True(sdk.Count >= 40, $"Only {sdk.Count} variants found; has the SDK's shape changed?");
        Assert.Equal(sdk, Constants(typeof(EventTypes)));
    }

    [Fact]
    public void The_stream_adds_only_the_preview_frames()
    {
        var stream = VariantTypes(typeof(Sdk.BetaManagedAgentsStreamSessionEvents));
        stream.ExceptWith(VariantTypes(typeof(Sdk.BetaManagedAgentsSessionEvent)));

        Assert.Equal([EventDeltaFrame.FrameType, EventStartFrame.FrameType], stream);
    }

    [Fact]
    public void Drover_knows_every_sdk_content_block_type()
    {
        var sdk = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var union in typeof(Sdk.BetaManagedAgentsSessionEvent).Assembly.GetTypes()
            .Where(t => t.Namespace == typeof(Sdk.BetaManagedAgentsSessionEvent).Namespace && t.Name.EndsWith("EventContent", StringComparison.Ordinal)))
        {
            sdk.UnionWith(VariantTypes(union));
        }

        Assert.Equal(sdk, Constants(typeof(ContentBlockTypes)));
    }

    [Fact]
    public void Drover_knows_every_sdk_stop_reason_and_error_type()
    {
        Assert.Equal(VariantTypes(typeof(Sdk.StopReason)), Constants(typeof(StopReasonTypes)));
        Assert.Equal(VariantTypes(typeof(Sdk.BetaManagedAgentsSessionThreadStatusIdleEventStopReason)), Constants(typeof(StopReasonTypes)));
        Assert.Equal(VariantTypes(typeof(Sdk.Error)), Constants(typeof(SessionErrorTypes)));
        Assert.Equal(VariantTypes(typeof(Sdk.RetryStatus)), Constants(typeof(RetryStatus)));
    }

    private static SortedSet<string> VariantTypes(Type union) =>
        new(union.GetConstructors()
            .Select(c => c.GetParameters())
            .Where(p => p.Length == 2 && p[1].ParameterType == typeof(JsonElement?))
            .Select(p => DiscriminatorOf(p[0].ParameterType)),
            StringComparer.Ordinal);

    private static string DiscriminatorOf(Type model)
    {
        var instance = Activator.CreateInstance(model)!;
        var type = (JsonElement)model.GetProperty("Type")!.GetValue(instance)!;
        return type.GetString()!;
    }

    private static SortedSet<string> Constants(Type holder) =>
        new(holder.GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(string))
            .Select(f => (string)f.GetRawConstantValue()!),
            StringComparer.Ordinal);
}
