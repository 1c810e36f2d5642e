using System.Text.Json.Serialization;

namespace Drover.Server.Environments;

/// <summary>Packages installed in every sandbox of a cloud environment, per package manager; all six lists are always present.</summary>
internal sealed record EnvironmentPackages(
    IReadOnlyList<string> Apt,
    IReadOnlyList<string> Cargo,
    IReadOnlyList<string> Gem,
    IReadOnlyList<string> Go,
    IReadOnlyList<string> Npm,
    IReadOnlyList<string> Pip)
{
    public static EnvironmentPackages None { get; } = new([], [], [], [], [], []);

    [JsonPropertyOrder(-1)]
    public string Type { get; init; } = "packages";

    [JsonIgnore]
    public bool IsEmpty => Apt.Count + Cargo.Count + Gem.Count + Go.Count + Npm.Count + Pip.Count == 0;
}
