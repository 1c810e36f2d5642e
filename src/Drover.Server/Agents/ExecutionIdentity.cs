using System.Collections.Frozen;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Drover.Server.Api;

namespace Drover.Server.Agents;

/// <summary>Reads <c>execution_identity</c>: <c>{type: "service_account"}</c> (the default) or <c>{type: "aws_role", role_arn}</c>.</summary>
internal static partial class ExecutionIdentity
{
    public const int MaxArnLength = 2048;

    private static readonly FrozenSet<string> s_serviceAccountFields = AgentJson.Set("type");
    private static readonly FrozenSet<string> s_awsRoleFields = AgentJson.Set("type", "role_arn");

    public static JsonObject Default => AgentJson.TypeOnly("service_account");

    /// <summary>The identity the field asks for; absent or null is the default.</summary>
    public static JsonObject Read(JsonElement body)
    {
        if (Fields.OptionalObject(body, "execution_identity") is not { } identity)
        {
            return Default;
        }

        const string Path = "execution_identity.";
        if (AgentJson.Type(identity, Path, "service_account", "aws_role") == "service_account")
        {
            Fields.RejectUnknown(identity, s_serviceAccountFields, Path);
            return Default;
        }

        Fields.RejectUnknown(identity, s_awsRoleFields, Path);
        var arn = Fields.RequiredString(identity, "role_arn", MaxArnLength, path: Path);
        return RoleArnPattern().IsMatch(arn)
            ? new JsonObject { ["type"] = "aws_role", ["role_arn"] = arn }
            : throw ApiException.InvalidRequest($"{Path}role_arn: must be an IAM role ARN such as 'arn:aws:iam::123456789012:role/my-agent-runner'; got '{arn}'.");
    }

    [GeneratedRegex("^arn:aws[a-z-]*:iam::[0-9]{12}:role/[\\w+=,.@/-]+\\z", RegexOptions.CultureInvariant)]
    private static partial Regex RoleArnPattern();
}
