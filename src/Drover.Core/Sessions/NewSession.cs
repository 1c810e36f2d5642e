using System.Text.Json;

namespace Drover.Sessions;

/// <summary>A session to create.</summary>
/// <param name="Id">A <c>sesn_</c> id.</param>
/// <param name="Data">A JSON object owned by the layers above the log (agent, environment, title, metadata...); stored verbatim.</param>
public sealed record NewSession(string Id, string Data)
{
    /// <summary>Throws <see cref="ArgumentException"/> when the id is empty or the data is not a JSON object (a caller bug, not client input).</summary>
    public void Validate()
    {
        ArgumentException.ThrowIfNullOrEmpty(Id);
        try
        {
            using var doc = JsonDocument.Parse(Data);
            if (doc.RootElement.ValueKind == JsonValueKind.Object)
            {
                return;
            }
        }
        catch (JsonException ex)
        {
            throw new ArgumentException("Session data must be a JSON object.", nameof(Data), ex);
        }

        throw new ArgumentException("Session data must be a JSON object.", nameof(Data));
    }
}
