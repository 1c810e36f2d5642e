namespace Drover.Harness.Models;

/// <summary>
/// The harness's one port to a model: a streamed request in, content blocks, usage and a stop reason out.
/// Narrower than <c>Microsoft.Extensions.AI.IChatClient</c> on purpose (see docs/harness.md): it carries what the loop
/// needs and IChatClient drops or blurs, namely prompt-caching breakpoints, thinking blocks with their signatures
/// returned verbatim, and usage split into cache reads and cache writes.
/// </summary>
/// <remarks>
/// Implementations throw <see cref="ModelException"/> for every failure the loop must handle (transient or not); any
/// other exception is a bug. Cancelling the token stops the stream at once (an interrupt does this).
/// </remarks>
public interface IModelClient
{
    /// <summary>Streams one model response. The last item is always a <see cref="ModelCompleted"/> when no exception is thrown.</summary>
    IAsyncEnumerable<ModelStreamItem> StreamAsync(ModelRequest request, CancellationToken cancellationToken = default);
}
