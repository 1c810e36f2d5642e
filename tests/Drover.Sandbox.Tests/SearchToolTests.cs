namespace Drover.Sandbox.Tests;

/// <summary>glob and grep over a workspace.</summary>
public sealed class SearchToolTests : IAsyncLifetime
{
    private readonly TestHands _hands = TestHands.Create();

    [Fact]
    public async Task Glob_matches_doublestar_patterns_newest_first()
    {
        var root = _hands.WorkspaceHost;
        Directory.CreateDirectory(Path.Combine(root, "src/deep/er"));
        Directory.CreateDirectory(Path.Combine(root, ".git"));
        var files = new[] { "top.cs", "src/a.cs", "src/deep/er/b.cs", "src/readme.md", ".git/HEAD.cs" };
        for (var i = 0; i < files.Length; i++)
        {
            var path = Path.Combine(root, files[i]);
            File.WriteAllText(path, "x");
            File.SetLastWriteTimeUtc(path, new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddMinutes(i));
        }

        var all = await _hands.RunAsync("glob", """{"pattern": "**/*.cs"}""");
        var under = await _hands.RunAsync("glob", """{"pattern": "*.{cs,md}", "path": "/workspace/src"}""");
        var none = await _hands.RunAsync("glob", """{"pattern": "*.java"}""");
        var noPattern = await _hands.RunAsync("glob", """{"path": "src"}""");

        Assert.Equal("/workspace/src/deep/er/b.cs\n/workspace/src/a.cs\n/workspace/top.cs", TestHands.Text(all));
        Assert.Equal("/workspace/src/readme.md\n/workspace/src/a.cs", TestHands.Text(under));
        Assert.StartsWith("No files under /workspace match *.java", TestHands.Text(none), StringComparison.Ordinal);
        Assert.Equal("Invalid input for glob: `pattern` is required (a string).", TestHands.Text(noPattern));
    }

    [Fact]
    public async Task Glob_caps_its_results_and_says_so()
    {
        Directory.CreateDirectory(_hands.WorkspaceHost);
        for (var i = 0; i < 250; i++)
        {
            File.WriteAllText(Path.Combine(_hands.WorkspaceHost, $"f{i}.txt"), "");
        }

        var output = TestHands.Text(await _hands.RunAsync("glob", """{"pattern": "*.txt"}"""));

        Assert.Equal(201, output.Split('\n').Length);
        Assert.EndsWith("[50 more matches not shown; 250 in all. Narrow the pattern or the path.]", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Grep_finds_regex_matches_with_context_lines()
    {
        await _hands.RunAsync("write", """{"file_path": "src/app.py", "content": "import os\n\ndef main():\n    print('hi')\n    return 0\n\ndef other():\n    pass\n"}""");
        await _hands.RunAsync("write", """{"file_path": "notes.txt", "content": "define things\n"}""");

        var plain = await _hands.RunAsync("grep", """{"pattern": "^def \\w+"}""");
        var context = await _hands.RunAsync("grep", """{"pattern": "print", "path": "src/app.py", "context_lines": 1}""");
        var groups = await _hands.RunAsync("grep", """{"pattern": "^def", "path": "src", "context_lines": 1}""");
        var bad = await _hands.RunAsync("grep", """{"pattern": "(unclosed"}""");
        var badContext = await _hands.RunAsync("grep", """{"pattern": "x", "context_lines": 99}""");

        Assert.Equal("/workspace/src/app.py:3:def main():\n/workspace/src/app.py:7:def other():", TestHands.Text(plain));
        Assert.Equal("/workspace/src/app.py-3-def main():\n/workspace/src/app.py:4:    print('hi')\n/workspace/src/app.py-5-    return 0", TestHands.Text(context));
        Assert.Equal(
            "/workspace/src/app.py-2-\n/workspace/src/app.py:3:def main():\n/workspace/src/app.py-4-    print('hi')\n--\n/workspace/src/app.py-6-\n/workspace/src/app.py:7:def other():\n/workspace/src/app.py-8-    pass",
            TestHands.Text(groups));
        Assert.True(bad.IsError);
        Assert.StartsWith("Invalid input for grep: `pattern` is not a valid regular expression", TestHands.Text(bad), StringComparison.Ordinal);
        Assert.Equal("Invalid input for grep: `context_lines` must be between 0 and 20.", TestHands.Text(badContext));
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _hands.DisposeAsync();
}
