using Drover.Hands;

namespace Drover.Sandbox.Tests;

/// <summary>
/// The session mounts beside /workspace: <c>/mnt/session/uploads</c> (file resources, read-only for bash and the file
/// tools) and <c>/mnt/session/outputs</c> (writable; listed for the Files API without following links out).
/// </summary>
public sealed class SessionMountTests : IAsyncLifetime
{
    private readonly TestHands _hands = TestHands.Create();

    [Fact]
    public async Task An_uploaded_file_is_readable_at_its_mount_path_and_cannot_be_changed()
    {
        var stored = Path.Combine(_hands.DataDirectory, "stored-copy");
        await File.WriteAllTextAsync(stored, "line one\nsecret-free\n", TestContext.Current.CancellationToken);
        File.SetUnixFileMode(stored, (UnixFileMode)Convert.ToInt32("644", 8));
        _hands.Files = [new FileMount("sesrsc_1", "file_1", "/mnt/session/uploads/in/notes.txt", stored)];

        var cat = await _hands.BashCallAsync("cat /mnt/session/uploads/in/notes.txt");
        var touch = await _hands.BashCallAsync("echo x >> /mnt/session/uploads/in/notes.txt");
        var newFile = await _hands.BashCallAsync("touch /mnt/session/uploads/new.txt");
        var read = await _hands.RunAsync("read", """{"file_path": "/mnt/session/uploads/in/notes.txt"}""");
        var glob = await _hands.RunAsync("glob", """{"pattern": "**/*.txt", "path": "/mnt/session/uploads"}""");
        var write = await _hands.RunAsync("write", """{"file_path": "/mnt/session/uploads/in/notes.txt", "content": "x"}""");
        var edit = await _hands.RunAsync("edit", """{"file_path": "/mnt/session/uploads/in/notes.txt", "old_string": "one", "new_string": "two"}""");

        Assert.Equal("line one\nsecret-free", TestHands.Text(cat));
        Assert.True(touch.IsError);
        Assert.Contains("Read-only file system", TestHands.Text(touch) + TestHands.Text(newFile), StringComparison.Ordinal);
        Assert.True(newFile.IsError, TestHands.Text(touch));
        Assert.Contains("1\tline one", TestHands.Text(read), StringComparison.Ordinal);
        Assert.Contains("/mnt/session/uploads/in/notes.txt", TestHands.Text(glob), StringComparison.Ordinal);
        Assert.True(write.IsError);
        Assert.True(edit.IsError);
        Assert.Contains("is read-only", TestHands.Text(edit), StringComparison.Ordinal);
        Assert.Equal("line one\nsecret-free\n", await File.ReadAllTextAsync(stored, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Outputs_are_writable_and_listed_without_links_leading_out()
    {
        var bash = await _hands.BashCallAsync(
            "mkdir -p /mnt/session/outputs/sub && printf made-by-bash > /mnt/session/outputs/sub/a.txt"
            + " && ln -s /etc/passwd /mnt/session/outputs/passwd && ln -s /workspace /mnt/session/outputs/ws && echo w > /workspace/w.txt");
        var write = await _hands.RunAsync("write", """{"file_path": "/mnt/session/outputs/b.md", "content": "# made by write"}""");
        var readLink = await _hands.RunAsync("read", """{"file_path": "/mnt/session/outputs/passwd"}""");

        Assert.False(bash.IsError, TestHands.Text(bash));
        Assert.False(write.IsError, TestHands.Text(write));
        Assert.True(readLink.IsError);
        Assert.Contains("leads outside /mnt/session/outputs", TestHands.Text(readLink), StringComparison.Ordinal);

        var listed = _hands.Outputs.List(_hands.SessionId, limit: 100);
        Assert.Equal(["b.md", "sub/a.txt"], listed.Select(f => f.Path).Order(StringComparer.Ordinal));
        Assert.Equal(12, listed.Single(f => f.Path == "sub/a.txt").SizeBytes);
        using var reader = new StreamReader(_hands.Outputs.OpenRead(_hands.SessionId, "sub/a.txt"));
        Assert.Equal("made-by-bash", await reader.ReadToEndAsync(TestContext.Current.CancellationToken));
        Assert.ThrowsAny<Exception>(() => _hands.Outputs.OpenRead(_hands.SessionId, "passwd").Dispose());
        Assert.ThrowsAny<Exception>(() => _hands.Outputs.OpenRead(_hands.SessionId, "ws/w.txt").Dispose());
    }

    [Theory]
    [InlineData("read", """{"file_path": "/mnt/session/outputs/../../../etc/passwd"}""")]
    [InlineData("read", """{"file_path": "/mnt/session/uploads/../outputs/x"}""")]
    [InlineData("write", """{"file_path": "/mnt/session/outputs/../escape.txt", "content": "x"}""")]
    [InlineData("glob", """{"pattern": "*", "path": "/mnt/session/outputs/.."}""")]
    public async Task Climbing_out_of_a_mount_is_refused(string tool, string input)
    {
        var output = await _hands.RunAsync(tool, input);

        Assert.True(output.IsError);
        Assert.Contains("refused", TestHands.Text(output), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"file_path": "/mnt/session/other.txt"}""")]
    [InlineData("""{"file_path": "/mnt/session/uploadsX/a"}""")]
    public async Task Other_paths_under_mnt_are_outside(string input)
    {
        var output = await _hands.RunAsync("read", input);

        Assert.True(output.IsError);
        Assert.Contains("is outside /workspace", TestHands.Text(output), StringComparison.Ordinal);
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _hands.DisposeAsync();
}
