using System.Text.Json.Serialization;

namespace Drover.Storage.Sqlite;

[JsonSerializable(typeof(IReadOnlyCollection<string>))]
internal sealed partial class SqliteJsonContext : JsonSerializerContext
{
}
