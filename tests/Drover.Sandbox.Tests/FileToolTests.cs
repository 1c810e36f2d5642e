namespace Drover.Sandbox.Tests;

/// <summary>read, write and edit on the session's workspace, including their error messages.</summary>
public sealed class FileToolTests : IAsyncLifetime
{
    private readonly TestHands _hands = TestHands.Create();

    [Fact]
    public async Task Write_creates_directories_and_read_numbers_the_lines()
    {
        var written = await _hands.RunAsync("write", """{"file_path": "/workspace/a/b/notes.txt", "content": "one\ntwo\nthree\n"}""");
        var read = await _hands.RunAsync("read", """{"file_path": "a/b/notes.txt"}""");
        var range = await _hands.RunAsync("read", """{"file_path": "a/b/notes.txt", "view_range": [2, -1]}""");

        Assert.Equal("Created /workspace/a/b/notes.txt (14 bytes).", TestHands.Text(written));
        Assert.Equal("     1\tone\n     2\ttwo\n     3\tthree\n", TestHands.Text(read));
        Assert.Equal("     2\ttwo\n     3\tthree\n", TestHands.Text(range));
        Assert.Equal("one\ntwo\nthree\n", File.ReadAllText(Path.Combine(_hands.WorkspaceHost, "a/b/notes.txt")));
    }

    [Fact]
    public async Task Files_written_by_the_tools_can_be_changed_from_the_sandbox()
    {
        await _hands.RunAsync("write", """{"file_path": "dir/f.txt", "content": "host"}""");

        var output = await _hands.BashAsync("echo sandbox >> dir/f.txt && touch dir/new && cat dir/f.txt");

        Assert.Equal("hostsandbox", output);
    }

    [Fact]
    public async Task Read_errors_say_what_is_wrong()
    {
        await _hands.RunAsync("write", """{"file_path": "f.txt", "content": "x\n"}""");
        await File.WriteAllBytesAsync(Path.Combine(_hands.WorkspaceHost, "bin.dat"), [1, 0, 2], TestContext.Current.CancellationToken);

        var missing = await _hands.RunAsync("read", """{"file_path": "nope.txt"}""");
        var directory = await _hands.RunAsync("read", """{"file_path": "/workspace"}""");
        var binary = await _hands.RunAsync("read", """{"file_path": "bin.dat"}""");
        var pastEnd = await _hands.RunAsync("read", """{"file_path": "f.txt", "view_range": [5, 6]}""");
        var noPath = await _hands.RunAsync("read", """{"view_range": [1, 2]}""");
        var badRange = await _hands.RunAsync("read", """{"file_path": "f.txt", "view_range": "1-2"}""");

        Assert.All([missing, directory, binary, pastEnd, noPath, badRange], o => Assert.True(o.IsError));
        Assert.Equal("/workspace/nope.txt does not exist.", TestHands.Text(missing));
        Assert.Equal("/workspace is a directory, not a file.", TestHands.Text(directory));
        Assert.Contains("binary file", TestHands.Text(binary), StringComparison.Ordinal);
        Assert.Contains("has 1 lines", TestHands.Text(pastEnd), StringComparison.Ordinal);
        Assert.Equal("Invalid input for read: `file_path` is required (a string).", TestHands.Text(noPath));
        Assert.Contains("`view_range` must be an array of two integers", TestHands.Text(badRange), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Read_refuses_a_whole_file_over_the_limit_but_reads_a_range_of_it()
    {
        var lines = string.Concat(Enumerable.Range(1, 40_000).Select(i => $"line {i}\n"));
        await File.WriteAllTextAsync(Path.Combine(_hands.WorkspaceHost, "big.txt"), lines, TestContext.Current.CancellationToken);

        var whole = await _hands.RunAsync("read", """{"file_path": "big.txt"}""");
        var part = await _hands.RunAsync("read", """{"file_path": "big.txt", "view_range": [39999, 40000]}""");

        Assert.True(whole.IsError);
        Assert.Contains("use view_range", TestHands.Text(whole).Replace("Read part of it with view_range", "use view_range", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Equal(" 39999\tline 39999\n 40000\tline 40000\n", TestHands.Text(part));
    }

    [Fact]
    public async Task Read_returns_images_as_image_blocks()
    {
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0];
        await File.WriteAllBytesAsync(Path.Combine(_hands.WorkspaceHost, "pic.png"), png, TestContext.Current.CancellationToken);

        var output = await _hands.RunAsync("read", """{"file_path": "pic.png"}""");

        var image = Assert.IsType<Drover.Events.ImageBlock>(Assert.Single(output.Content));
        Assert.Equal("image/png", image.Source.MediaType);
        Assert.Equal(png, Convert.FromBase64String(image.Source.Data!));
    }

    [Fact]
    public async Task Edit_replaces_a_unique_string_and_explains_missing_or_ambiguous_ones()
    {
        await _hands.RunAsync("write", """{"file_path": "code.py", "content": "a = 1\nb = 1\nprint(a)\n"}""");

        var missing = await _hands.RunAsync("edit", """{"file_path": "code.py", "old_string": "c = 1", "new_string": "c = 2"}""");
        var ambiguous = await _hands.RunAsync("edit", """{"file_path": "code.py", "old_string": " = 1", "new_string": " = 2"}""");
        var unique = await _hands.RunAsync("edit", """{"file_path": "code.py", "old_string": "a = 1", "new_string": "a = 10"}""");
        var all = await _hands.RunAsync("edit", """{"file_path": "code.py", "old_string": "a", "new_string": "x", "replace_all": true}""");
        var noNew = await _hands.RunAsync("edit", """{"file_path": "code.py", "old_string": "x"}""");
        var wrongType = await _hands.RunAsync("edit", """{"file_path": "code.py", "old_string": "x", "new_string": "y", "replace_all": "yes"}""");

        Assert.True(missing.IsError);
        Assert.StartsWith("old_string was not found in /workspace/code.py", TestHands.Text(missing), StringComparison.Ordinal);
        Assert.True(ambiguous.IsError);
        Assert.StartsWith("old_string occurs 2 times in /workspace/code.py", TestHands.Text(ambiguous), StringComparison.Ordinal);
        Assert.Equal("Edited /workspace/code.py: replaced 1 occurrence.", TestHands.Text(unique));
        Assert.Equal("Edited /workspace/code.py: replaced 2 occurrences.", TestHands.Text(all));
        Assert.Equal("x = 10\nb = 1\nprint(x)\n", File.ReadAllText(Path.Combine(_hands.WorkspaceHost, "code.py")));
        Assert.Equal("Invalid input for edit: `new_string` is required (a string).", TestHands.Text(noNew));
        Assert.Equal("Invalid input for edit: `replace_all` must be a boolean.", TestHands.Text(wrongType));
    }

    [Fact]
    public async Task Input_that_is_not_an_object_is_an_error_result()
    {
        var output = await _hands.Hands.ExecuteAsync(_hands.Call("write", "[1, 2]"), TestContext.Current.CancellationToken);

        Assert.True(output.IsError);
        Assert.Equal("Invalid input for write: The input must be a JSON object.", TestHands.Text(output));
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _hands.DisposeAsync();
}
