namespace Drover.Harness.Models;

/// <summary>Sends requests under another model name: the name without the <c>&lt;endpoint&gt;/</c> prefix that chose the endpoint.</summary>
internal sealed class RenamedModelClient(IModelClient inner, string model) : IModelClient
{
    public IAsyncEnumerable<ModelStreamItem> StreamAsync(ModelRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return inner.StreamAsync(request with { Model = model }, cancellationToken);
    }
}
