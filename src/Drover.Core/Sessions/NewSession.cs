namespace Drover.Sessions;

/// <summary>A session to create.</summary>
/// <param name="Id">A <c>sesn_</c> id.</param>
/// <param name="Data">A JSON object owned by the layers above the log (agent, environment, title, metadata...); stored verbatim.</param>
public sealed record NewSession(string Id, string Data);
