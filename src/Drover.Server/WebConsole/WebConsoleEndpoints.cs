using Microsoft.Extensions.FileProviders;

namespace Drover.Server.WebConsole;

/// <summary>
/// The web console at <c>/console/</c>: static HTML, CSS and JavaScript modules embedded in this assembly. The pages
/// load without a credential; everything they show comes from the <c>/v1</c> API, called by the browser with the
/// API key the person typed (kept in <c>sessionStorage</c>), so the console has no access of its own.
/// </summary>
internal static class WebConsoleEndpoints
{
    public const string Path = "/console";

    /// <summary>
    /// Scripts and styles only from the console's own files (no inline script, so an <c>onerror=</c> that got into
    /// the page could not run), fetches only to this origin, and no framing.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private static readonly PathString s_path = new(Path);

    public static WebApplication UseDroverConsole(this WebApplication app)
    {
        var files = new ManifestEmbeddedFileProvider(typeof(WebConsoleEndpoints).Assembly, "WebConsole/assets");

        // The page's relative module paths need the trailing slash. Not an endpoint: routing ignores trailing slashes.
        app.Use((context, next) =>
        {
            if (context.Request.Path.Equals(s_path) && HttpMethods.IsGet(context.Request.Method))
            {
                context.Response.Redirect(Path + "/");
                return Task.CompletedTask;
            }

            return next(context);
        });
        app.UseDefaultFiles(new DefaultFilesOptions { RequestPath = s_path, FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions
        {
            RequestPath = s_path,
            FileProvider = files,
            OnPrepareResponse = context => AddHeaders(context.Context.Response),
        });
        return app;
    }

    private static void AddHeaders(HttpResponse response)
    {
        var headers = response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";

        // Revalidate every load (the ETag makes that cheap) so a server upgrade is never mixed with old modules.
        headers.CacheControl = "no-cache";
    }
}
