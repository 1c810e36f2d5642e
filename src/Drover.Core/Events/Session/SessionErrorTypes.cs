namespace Drover.Events;

/// <summary>The <c>type</c> strings of <see cref="SessionError"/>.</summary>
public static class SessionErrorTypes
{
    public const string Unknown = "unknown_error";
    public const string ModelOverloaded = "model_overloaded_error";
    public const string ModelRateLimited = "model_rate_limited_error";
    public const string ModelRequestFailed = "model_request_failed_error";
    public const string McpConnectionFailed = "mcp_connection_failed_error";
    public const string McpAuthenticationFailed = "mcp_authentication_failed_error";
    public const string Billing = "billing_error";
    public const string CredentialHostUnreachable = "credential_host_unreachable_error";

    /// <summary>The agent loop hit its limit of tool-use rounds; the thread goes idle with <c>retries_exhausted</c>.</summary>
    public const string ToolUseLimitReached = "tool_use_limit_reached_error";

    /// <summary>The context was compacted too many times in a row without progress; the thread goes idle with <c>retries_exhausted</c>.</summary>
    public const string CompactionLimitReached = "compaction_limit_reached_error";

    public const string RepositoryAuthentication = "repository_authentication_error";
    public const string RepositoryForbidden = "repository_forbidden_error";
    public const string RepositoryNotFound = "repository_not_found_error";
    public const string RepositoryCheckout = "repository_checkout_error";
    public const string RepositoryClone = "repository_clone_error";
}
