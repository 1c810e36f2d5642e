using System.Text.Json;
using Drover.Cli.Resources;
using Spectre.Console;

namespace Drover.Cli.Output;

/// <summary>Draws API resources for people: a list as a table, one resource as a two-column grid of its fields.</summary>
internal static class ResourceView
{
    public static void Table(IAnsiConsole console, IReadOnlyList<Column> columns, IReadOnlyList<JsonElement> items)
    {
        var table = new Table().Border(TableBorder.Rounded);
        foreach (var column in columns)
        {
            table.AddColumn(new TableColumn(column.Header).NoWrap());
        }

        foreach (var item in items)
        {
            table.AddRow([.. columns.Select(c => new Text(c.Value(item)))]);
        }

        console.Write(table);
    }

    public static void Details(IAnsiConsole console, JsonElement item)
    {
        var grid = new Grid().AddColumn(new GridColumn().NoWrap()).AddColumn();
        foreach (var field in item.EnumerateObject())
        {
            var value = field.Value.ValueKind switch
            {
                JsonValueKind.String => field.Value.GetString()!,
                JsonValueKind.Null => "-",
                _ => field.Value.GetRawText(),
            };
            grid.AddRow(new Text(field.Name, new Style(Color.Grey)), new Text(value));
        }

        console.Write(grid);
    }
}
