namespace Drover.Server.Auth;

/// <summary>What an API key may do: <c>admin</c> keys also manage keys; <c>member</c> keys use the rest of the API.</summary>
public static class ApiKeyRoles
{
    public const string Admin = "admin";
    public const string Member = "member";

    public static bool IsValid(string? role) => role is Admin or Member;
}
