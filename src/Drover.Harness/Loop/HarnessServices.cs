using Drover.Events;
using Drover.Hands;
using Drover.Harness.Context;
using Drover.Harness.Models;
using Drover.Sessions;
using Microsoft.Extensions.Logging;

namespace Drover.Harness.Loop;

/// <summary>What every harness run uses: the shared, stateless services of the instance.</summary>
internal sealed record HarnessServices(
    ISessionLog Log,
    ISessionDirectory Directory,
    IModelRouter Models,
    IHands? Hands,
    IContextStrategy Context,
    HarnessOptions Options,
    TimeProvider Time,
    ILogger Logger,
    Mcp.McpConnector? Mcp = null,
    IEventPreviews? EventPreviews = null)
{
    /// <summary>Where live previews go; nowhere when the host wires none.</summary>
    public IEventPreviews Previews => EventPreviews ?? NoEventPreviews.Instance;
}
