namespace Drover.Events;

/// <summary>
/// A placeholder for content withheld by model policy. Appears only in content the platform emits;
/// the API rejects user events that contain one.
/// </summary>
public sealed record RedactedBlock() : ContentBlock(ContentBlockTypes.Redacted);
