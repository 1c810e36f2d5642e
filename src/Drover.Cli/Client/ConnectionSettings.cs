namespace Drover.Cli.Client;

/// <summary>Where the client commands send their requests and the key they send; <see cref="Source"/> says where they came from, for messages.</summary>
internal sealed record ConnectionSettings(Uri BaseUrl, string? ApiKey, string Source);
