using System.Text.Json.Serialization;

namespace Drover.Server.Environments;

/// <summary><c>config</c>: where sessions of the environment run. Its type is fixed when the environment is created.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(CloudConfig), CloudConfig.TypeName)]
[JsonDerivedType(typeof(SelfHostedConfig), SelfHostedConfig.TypeName)]
internal abstract record EnvironmentConfig;
