namespace Drover.EndToEnd.Tests;

/// <summary>One stored event: its sequence in the session, id and type.</summary>
internal sealed record StoredRow(long Sequence, string Id, string Type);
