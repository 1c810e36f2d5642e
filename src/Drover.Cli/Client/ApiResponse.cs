using System.Text.Json;

namespace Drover.Cli.Client;

/// <summary>Turns a refused plain-HTTP response into the same <see cref="CliException"/> an SDK call's refusal becomes.</summary>
internal static class ApiResponse
{
    public static async Task EnsureSuccessAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        var message = response.ReasonPhrase ?? "request refused";
        try
        {
            using var envelope = JsonDocument.Parse(body);
            if (envelope.RootElement.TryGetProperty("error", out var error) && error.TryGetProperty("message", out var text) && text.GetString() is { } m)
            {
                message = m;
            }
        }
        catch (JsonException)
        {
            // Not the API's envelope (a proxy's page): the status line says enough.
        }

        var (code, description, details) = ClientCommand.FromStatus(response.StatusCode, message, body);
        throw new CliException(code, description, details);
    }
}
