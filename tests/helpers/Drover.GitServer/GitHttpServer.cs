using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Drover.GitServer;

/// <summary>
/// Git smart HTTP on loopback: Kestrel in front of <c>git http-backend</c> run as a CGI program per request, serving
/// bare repositories from a temporary folder, so a real <c>git clone</c> happens. When <see cref="RequiredToken"/> is
/// set, every request must carry <c>Authorization: Basic</c> with that token as the password (as GitHub takes a
/// token), or gets a 401; the headers seen are recorded, so tests prove the token was used.
/// </summary>
public sealed class GitHttpServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("drover-git-");
    private readonly ConcurrentQueue<string?> _authorizations = new();
    private int _refused;
    private int _clones;

    private GitHttpServer(WebApplication app) => _app = app;

    /// <summary>The server's root, e.g. <c>http://127.0.0.1:40123/</c>: the value for <c>Sandbox:Git:GitHubBaseUrl</c>.</summary>
    public string BaseUrl { get; private set; } = "";

    /// <summary>The token requests must carry (as the Basic password); null lets every request in.</summary>
    public string? RequiredToken { get; set; }

    /// <summary>How long each ref advertisement (<c>info/refs</c>: one per clone or fetch) is held before it is served.</summary>
    public TimeSpan Delay { get; set; }

    /// <summary>The <c>Authorization</c> header of every request so far (null when it had none).</summary>
    public IReadOnlyList<string?> Authorizations => [.. _authorizations];

    /// <summary>Requests refused with 401.</summary>
    public int Refused => Volatile.Read(ref _refused);

    /// <summary>Ref advertisements served: one per clone or fetch.</summary>
    public int Advertisements => Volatile.Read(ref _clones);

    public static async Task<GitHttpServer> StartAsync(CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, 0);
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = null;
        });
        var app = builder.Build();
        var server = new GitHttpServer(app);
        app.Run(server.HandleAsync);
        await app.StartAsync(cancellationToken);
        server.BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/') + "/";
        return server;
    }

    /// <summary>Creates the bare repository <c>&lt;owner&gt;/&lt;name&gt;</c> with the history <see cref="TestRepository"/> describes.</summary>
    public async Task<TestRepository> CreateRepositoryAsync(string owner, string name)
    {
        var work = Directory.CreateTempSubdirectory("drover-git-work-").FullName;
        try
        {
            await Git.RunAsync(work, "init", "--quiet", "--initial-branch=main");
            await File.WriteAllTextAsync(Path.Combine(work, "README.md"), "first\n");
            await Git.RunAsync(work, "add", ".");
            await Git.RunAsync(work, "commit", "--quiet", "-m", "first");
            var first = await Git.RunAsync(work, "rev-parse", "HEAD");
            await File.WriteAllTextAsync(Path.Combine(work, "README.md"), "main\n");
            await Git.RunAsync(work, "commit", "--quiet", "-am", "main");
            var main = await Git.RunAsync(work, "rev-parse", "HEAD");
            await Git.RunAsync(work, "checkout", "--quiet", "-b", "feature", first);
            await File.WriteAllTextAsync(Path.Combine(work, "feature.txt"), "feature\n");
            await Git.RunAsync(work, "add", ".");
            await Git.RunAsync(work, "commit", "--quiet", "-m", "feature");
            var feature = await Git.RunAsync(work, "rev-parse", "HEAD");
            await Git.RunAsync(work, "checkout", "--quiet", "-b", "hidden", first);
            await File.WriteAllTextAsync(Path.Combine(work, "hidden.txt"), "hidden\n");
            await Git.RunAsync(work, "add", ".");
            await Git.RunAsync(work, "commit", "--quiet", "-m", "hidden");
            var hidden = await Git.RunAsync(work, "rev-parse", "HEAD");
            await Git.RunAsync(work, "checkout", "--quiet", "main");

            var bare = Path.Combine(_root.FullName, owner, name + ".git");
            Directory.CreateDirectory(Path.GetDirectoryName(bare)!);
            await Git.RunAsync(_root.FullName, "clone", "--quiet", "--bare", work, bare);
            await Git.RunAsync(bare, "branch", "-D", "hidden");
            await Git.RunAsync(bare, "config", "uploadpack.allowAnySHA1InWant", "true");
            return new TestRepository(owner, name, first, main, feature, hidden);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>The commit a ref of the bare repository points at, or null when it has no such ref (to check pushes).</summary>
    public async Task<string?> ResolveAsync(TestRepository repository, string reference)
    {
        try
        {
            return await Git.RunAsync(Path.Combine(_root.FullName, repository.Owner, repository.Name + ".git"), "rev-parse", "--verify", "--quiet", reference);
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(timeout.Token);
        await _app.DisposeAsync();
        _root.Delete(recursive: true);
    }

    private async Task HandleAsync(HttpContext context)
    {
        var authorization = context.Request.Headers.Authorization.FirstOrDefault();
        _authorizations.Enqueue(authorization);
        if (RequiredToken is { } token && !HasToken(authorization, token))
        {
            Interlocked.Increment(ref _refused);
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            context.Response.Headers.WWWAuthenticate = "Basic realm=\"drover-test\"";
            return;
        }

        if (context.Request.Path.Value?.EndsWith("/info/refs", StringComparison.Ordinal) == true)
        {
            Interlocked.Increment(ref _clones);
            if (Delay > TimeSpan.Zero)
            {
                await Task.Delay(Delay, context.RequestAborted);
            }
        }

        await RunBackendAsync(context);
    }

    private static bool HasToken(string? authorization, string token)
    {
        if (authorization is null || !authorization.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        try
        {
            var pair = Encoding.UTF8.GetString(Convert.FromBase64String(authorization["Basic ".Length..].Trim()));
            return pair.EndsWith(":" + token, StringComparison.Ordinal);
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>Runs <c>git http-backend</c> as CGI: request metadata in the environment, the body on stdin, headers then body on stdout.</summary>
    private async Task RunBackendAsync(HttpContext context)
    {
        var request = context.Request;
        var start = new ProcessStartInfo("git", "http-backend")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var (name, value) in Git.Environment(_root.FullName))
        {
            start.Environment[name] = value;
        }

        start.Environment["GIT_PROJECT_ROOT"] = _root.FullName;
        start.Environment["GIT_HTTP_EXPORT_ALL"] = "1";

        // http-backend takes pushes only from an authenticated user; requests got here with the token when one is required.
        if (RequiredToken is not null)
        {
            start.Environment["REMOTE_USER"] = "drover-test";
        }

        start.Environment["REQUEST_METHOD"] = request.Method;
        start.Environment["PATH_INFO"] = request.Path.Value;
        start.Environment["QUERY_STRING"] = request.QueryString.HasValue ? request.QueryString.Value![1..] : "";
        start.Environment["CONTENT_TYPE"] = request.ContentType ?? "";
        start.Environment["REMOTE_ADDR"] = "127.0.0.1";
        if (request.ContentLength is { } length)
        {
            start.Environment["CONTENT_LENGTH"] = length.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        foreach (var (name, values) in request.Headers)
        {
            if (!name.Equals("Authorization", StringComparison.OrdinalIgnoreCase))
            {
                start.Environment["HTTP_" + name.ToUpperInvariant().Replace('-', '_')] = values.ToString();
            }
        }

        using var process = Process.Start(start)!;
        var feed = Task.Run(async () =>
        {
            await request.Body.CopyToAsync(process.StandardInput.BaseStream, context.RequestAborted);
            process.StandardInput.Close();
        });
        var output = process.StandardOutput.BaseStream;
        while (await ReadLineAsync(output) is { Length: > 0 } line)
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var (name, value) = (line[..colon].Trim(), line[(colon + 1)..].Trim());
            if (name.Equals("Status", StringComparison.OrdinalIgnoreCase))
            {
                context.Response.StatusCode = int.Parse(value.Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
            }
            else
            {
                context.Response.Headers.Append(name, value);
            }
        }

        await output.CopyToAsync(context.Response.Body, context.RequestAborted);
        await feed;
        await process.WaitForExitAsync(context.RequestAborted);
    }

    /// <summary>One CGI header line (ended by LF or CRLF), byte by byte so the body after the headers stays unread; null at the end.</summary>
    private static async Task<string?> ReadLineAsync(Stream stream)
    {
        var line = new List<byte>();
        var one = new byte[1];
        while (await stream.ReadAsync(one) == 1)
        {
            if (one[0] == '\n')
            {
                return Encoding.ASCII.GetString([.. line]).TrimEnd('\r');
            }

            line.Add(one[0]);
        }

        return line.Count > 0 ? Encoding.ASCII.GetString([.. line]) : null;
    }
}
