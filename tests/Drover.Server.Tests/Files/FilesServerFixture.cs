namespace Drover.Server.Tests.Files;

/// <summary>A Drover server whose Files API takes at most <see cref="MaxBytes"/> per file, so the limit is cheap to hit.</summary>
public sealed class FilesServerFixture : DroverServerFixture
{
    public const int MaxBytes = 200_000;

    protected override IEnumerable<string> ExtraArguments => [$"--Files:MaxBytes={MaxBytes}"];
}
