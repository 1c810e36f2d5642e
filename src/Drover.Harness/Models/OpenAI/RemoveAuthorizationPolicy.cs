using System.ClientModel.Primitives;

namespace Drover.Harness.Models.OpenAI;

/// <summary>
/// Removes the <c>Authorization</c> header for endpoints configured without a key (Ollama, LM Studio). The SDK
/// insists on a credential, and its way to go without one is still marked experimental, so a placeholder key is
/// given and its header dropped here, just before the request leaves.
/// </summary>
internal sealed class RemoveAuthorizationPolicy : PipelinePolicy
{
    public override void Process(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
    {
        message.Request.Headers.Remove("Authorization");
        ProcessNext(message, pipeline, currentIndex);
    }

    public override ValueTask ProcessAsync(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
    {
        message.Request.Headers.Remove("Authorization");
        return ProcessNextAsync(message, pipeline, currentIndex);
    }
}
