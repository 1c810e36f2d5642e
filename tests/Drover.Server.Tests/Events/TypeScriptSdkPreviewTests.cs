using Drover.FakeModel;
using Drover.Server.Tests.Harness;

namespace Drover.Server.Tests.Events;

/// <summary>Live previews as the official TypeScript SDK sees them (tests/sdk-ts/preview-check.mjs).</summary>
public sealed class TypeScriptSdkPreviewTests(HarnessServerFixture server) : IClassFixture<HarnessServerFixture>
{
    [Fact]
    public Task Official_typescript_sdk_yields_event_start_and_event_delta_before_the_message()
    {
        const string text = "Previews reach the TypeScript SDK in several pieces.";
        server.Model.Responder = _ => FakeReply.Text(text).WithChunks(5);
        return TypeScriptSdkTests.RunScriptAsync(server, "preview-check.mjs", new Dictionary<string, string> { ["PREVIEW_TEXT"] = text });
    }
}
