using System.Net;
using System.Net.Http.Headers;

namespace Drover.Harness.Mcp;

/// <summary>
/// Puts the vault's bearer token on every request to one MCP server, looked up afresh each time (a rotated credential
/// is used from its next request). When the server answers 401 the credential is renewed (OAuth refresh, or the
/// rotated token) and the request sent once more. Nothing here logs or keeps a token beyond the connection.
/// </summary>
internal sealed class McpAuthHandler(
    IVaultCredentials? credentials,
    IReadOnlyList<string> vaultIds,
    string serverUrl,
    SecretRedactor redactor) : DelegatingHandler
{
    /// <summary>The server refused our credentials (or their absence) with 401 or 403 on the last request.</summary>
    public bool Unauthorized { get; private set; }

    /// <summary>Whether a credential was found for the server; null before the first request.</summary>
    public bool? HadCredential { get; private set; }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var bearer = credentials is null ? null : await credentials.FindMcpAsync(vaultIds, serverUrl, cancellationToken);
        HadCredential = bearer is not null;
        if (bearer is null)
        {
            return Track(await base.SendAsync(request, cancellationToken));
        }

        redactor.Add(bearer.Token);
        if (request.Content is not null)
        {
            // Buffered so the request can be sent again after a refresh.
            await request.Content.LoadIntoBufferAsync(cancellationToken);
        }

        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer.Token);
        var response = await base.SendAsync(request, cancellationToken);
        if (response.StatusCode != HttpStatusCode.Unauthorized || await credentials!.RenewAsync(bearer, cancellationToken) is not { } renewed)
        {
            return Track(response);
        }

        response.Dispose();
        redactor.Add(renewed.Token);
        using var retry = await CloneAsync(request, cancellationToken);
        retry.Headers.Authorization = new AuthenticationHeaderValue("Bearer", renewed.Token);
        return Track(await base.SendAsync(retry, cancellationToken));
    }

    private HttpResponseMessage Track(HttpResponseMessage response)
    {
        Unauthorized = response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden;
        return response;
    }

    private static async Task<HttpRequestMessage> CloneAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var clone = new HttpRequestMessage(request.Method, request.RequestUri) { Version = request.Version, VersionPolicy = request.VersionPolicy };
        foreach (var header in request.Headers)
        {
            clone.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        if (request.Content is not null)
        {
            var bytes = await request.Content.ReadAsByteArrayAsync(cancellationToken);
            clone.Content = new ByteArrayContent(bytes);
            foreach (var header in request.Content.Headers)
            {
                clone.Content.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
        }

        return clone;
    }
}
