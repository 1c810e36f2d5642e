using System.Text.Json.Serialization;

namespace Drover.Events;

/// <summary>
/// A GitHub repository resource could not be used (<c>repository_*_error</c>). Its retry status is always
/// <c>retrying</c>: the session keeps running without the repository.
/// </summary>
public sealed record RepositorySessionError : SessionError
{
    [JsonConstructor]
    public RepositorySessionError(string type)
        : base(type)
    {
    }

    /// <summary>The repository's URL; written as an explicit null when it could not be identified.</summary>
    [JsonPropertyName("repository_url")]
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? RepositoryUrl { get; init; }
}
