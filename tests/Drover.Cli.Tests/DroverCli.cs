using System.Diagnostics;
using System.Text;

namespace Drover.Cli.Tests;

/// <summary>
/// Runs the real <c>drover</c> command (<c>dotnet drover.dll ...</c>, built next to the tests) as a child process with a
/// clean environment: only the <c>DROVER_*</c> variables the test gives, and a config folder of its own
/// (<c>XDG_CONFIG_HOME</c>), so a developer's profile or keys never leak in.
/// </summary>
internal sealed class DroverCli(Uri? baseUrl, string? apiKey) : IDisposable
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(60);

    private readonly DirectoryInfo _config = Directory.CreateTempSubdirectory("drover-cli-config-");

    public string ConfigDirectory => _config.FullName;

    public static string DroverDll => Path.Combine(AppContext.BaseDirectory, "drover.dll");

    public ProcessStartInfo StartInfo(IEnumerable<string> arguments, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(DroverDll);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var variable in start.Environment.Keys.Where(k => k.StartsWith("DROVER_", StringComparison.Ordinal) || k.StartsWith("ANTHROPIC_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(variable);
        }

        start.Environment["XDG_CONFIG_HOME"] = _config.FullName;
        var variables = new Dictionary<string, string?> { ["DROVER_BASE_URL"] = baseUrl?.ToString(), ["DROVER_API_KEY"] = apiKey };
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            variables[name] = value;
        }

        foreach (var (name, value) in variables.Where(v => v.Value is not null))
        {
            start.Environment[name] = value;
        }

        return start;
    }

    /// <summary>Runs <c>drover</c> with <paramref name="arguments"/> (and <paramref name="stdin"/>, if any) to its end.</summary>
    public async Task<CliResult> RunAsync(IEnumerable<string> arguments, string? stdin = null, IReadOnlyDictionary<string, string?>? environment = null)
    {
        using var process = Process.Start(StartInfo(arguments, environment))!;
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
        }

        process.StandardInput.Close();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(s_timeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"drover {string.Join(' ', arguments)} did not finish within {s_timeout.TotalSeconds} s.");
        }

        var result = new CliResult(process.ExitCode, await stdout, await stderr);
        TestContext.Current.TestOutputHelper?.WriteLine($"$ drover {string.Join(' ', arguments)}{Environment.NewLine}{result}");
        return result;
    }

    public Task<CliResult> RunAsync(params string[] arguments) => RunAsync(arguments, stdin: null);

    public void Dispose() => _config.Delete(recursive: true);
}
