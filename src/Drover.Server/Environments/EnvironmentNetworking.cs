using System.Text.Json.Serialization;

namespace Drover.Server.Environments;

/// <summary>A cloud environment's outbound network policy.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(UnrestrictedNetworking), UnrestrictedNetworking.TypeName)]
[JsonDerivedType(typeof(LimitedNetworking), LimitedNetworking.TypeName)]
internal abstract record EnvironmentNetworking;
