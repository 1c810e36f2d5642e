namespace Drover.Server.Files;

/// <summary>Placeholder replaced in the next step.</summary>
internal sealed class SessionOutputIndexer;
