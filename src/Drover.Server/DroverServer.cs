using Drover.Hands;
using Drover.Resources;
using Drover.Sandbox;
using Drover.Server.Agents;
using Drover.Server.Api;
using Drover.Server.Auth;
using Drover.Server.Environments;
using Drover.Server.Events;
using Drover.Server.Files;
using Drover.Server.Harness;
using Drover.Server.Health;
using Drover.Server.SelfHosted;
using Drover.Server.Sessions;
using Drover.Server.Storage;
using Drover.Server.Vaults;
using Drover.Server.WebConsole;
using Drover.Sessions;

namespace Drover.Server;

/// <summary>Builds the Drover HTTP server; the table of contents of its features.</summary>
public static class DroverServer
{
    /// <summary>The listen address when neither <c>--urls</c> nor <c>ASPNETCORE_URLS</c> says otherwise.</summary>
    public const string DefaultUrl = "http://127.0.0.1:8080";

    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        // Content root is the install folder so appsettings.json is found wherever the server is started;
        // relative data paths still resolve against the working directory.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.ConfigureKestrel(o => o.Limits.MaxRequestBodySize = ApiEndpoints.MaxRequestBodyBytes);
        if (string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.ServerUrlsKey]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddDroverStorage(builder.Configuration);
        builder.Services.AddDroverApi();
        builder.Services.AddDroverAuth(builder.Configuration);
        builder.Services.AddDroverHealth();
        builder.Services.AddSessionEvents();
        builder.Services.AddSessions();
        builder.Services.AddVaults();
        builder.Services.AddDroverHarness(builder.Configuration);
        builder.Services.AddDroverHands(builder.Configuration);
        builder.Services.AddSelfHosted();
        builder.Services.AddFiles(builder.Configuration);
        configure?.Invoke(builder);

        var app = builder.Build();

        // Open the store now, so a bad data directory or database fails the start, not the first request.
        app.Services.GetRequiredService<ISessionLog>();
        app.Services.GetRequiredService<IResourceStore>();
        app.Services.RequireSandboxProvider();
        app.Services.GetRequiredService<IHands>();

        // The vault key is made (or read, or checked) at start, not at the first vault call: a bad key fails the start.
        app.Services.GetRequiredService<Vaults.SecretBox>();

        app.UseDroverApi();
        app.UseDroverConsole();
        app.UseDroverAuth();
        app.UseSelfHosted();
        app.MapDroverHealth();
        app.MapSessionEvents();
        app.MapAgents();
        app.MapEnvironments();
        app.MapSessions();
        app.MapVaults();
        app.MapApiKeys();
        app.MapSelfHosted();
        app.MapFiles();
        return app;
    }
}
