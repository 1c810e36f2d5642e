using Drover.Resources;
using Drover.Sessions;
using System.Diagnostics;
using Drover.Storage.Postgres;
using Drover.Storage.Sqlite;
using Microsoft.Extensions.Options;

namespace Drover.Server.Storage;

internal static class StorageServiceCollectionExtensions
{
    public static IServiceCollection AddDroverStorage(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<StorageOptions>()
            .BindConfiguration(StorageOptions.Section)
            .Configure(o =>
            {
                // Precedence: --data-dir (Storage:DataDirectory), then DROVER_DATA_DIR, then ./data.
                if (configuration[$"{StorageOptions.Section}:{nameof(StorageOptions.DataDirectory)}"] is null
                    && configuration["DROVER_DATA_DIR"] is { Length: > 0 } dir)
                {
                    o.DataDirectory = dir;
                }
            })
            .ValidateDataAnnotations()
            .Validate(
                o => o.Provider != "postgres" || !string.IsNullOrWhiteSpace(o.PostgresConnectionString),
                "Storage:PostgresConnectionString is required when Storage:Provider is 'postgres' (e.g. Host=db;Username=drover;Password=...;Database=drover).")
            .ValidateOnStart();
        services.AddOptions<SessionLogOptions>().BindConfiguration("SessionLog").ValidateDataAnnotations().ValidateOnStart();

        services.AddSingleton<ISessionLog>(sp =>
        {
            var storage = sp.GetRequiredService<IOptions<StorageOptions>>().Value;
            var logOptions = sp.GetRequiredService<IOptions<SessionLogOptions>>().Value;
            var time = sp.GetRequiredService<TimeProvider>();
            return storage.Provider switch
            {
                "sqlite" => new SqliteSessionLog(new SqliteStoreOptions { Path = SqlitePath(storage), Durability = storage.SqliteDurability }, logOptions, time),
                // Opened once at startup (DroverServer resolves the log eagerly), so blocking here is acceptable.
                "postgres" => PostgresSessionLog.OpenAsync(
                    new PostgresStoreOptions { ConnectionString = storage.PostgresConnectionString!, Schema = storage.PostgresSchema },
                    logOptions,
                    time,
                    sp.GetRequiredService<ILogger<PostgresSessionLog>>()).GetAwaiter().GetResult(),
                _ => throw new UnreachableException($"Storage provider '{storage.Provider}' passed validation."),
            };
        });
        services.AddSingleton<IResourceStore>(sp =>
        {
            var storage = sp.GetRequiredService<IOptions<StorageOptions>>().Value;
            return storage.Provider switch
            {
                "sqlite" => new SqliteResourceStore(new SqliteStoreOptions { Path = SqlitePath(storage), Durability = storage.SqliteDurability }),
                "postgres" => new PostgresResourceStore(new PostgresResourceStoreOptions { ConnectionString = storage.PostgresConnectionString!, Schema = storage.PostgresSchema }),
                _ => throw new UnreachableException($"Storage provider '{storage.Provider}' passed validation."),
            };
        });
        return services;
    }

    /// <summary>The session log and the resource store share one SQLite file.</summary>
    private static string SqlitePath(StorageOptions storage) => Path.Combine(storage.DataDirectory, "drover.db");
}
