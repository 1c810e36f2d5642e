using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Drover.Cli.Client;
using Drover.Cli.Input;
using Drover.Cli.Output;

namespace Drover.Cli.Resources;

/// <summary><c>drover agents|environments|sessions|vaults create|list|get|update|archive</c>, built from a <see cref="ResourceKind"/>.</summary>
internal static class ResourceCommand
{
    private const int DefaultListLimit = 20;

    public static Command Create(ResourceKind kind, ClientOptions options, IEnumerable<Command>? extra = null)
    {
        var command = options.AddTo(new Command(kind.Plural, $"Manage {kind.Plural}."));
        command.Subcommands.Add(Write(kind, options, "create", $"Create {Article(kind.Singular)} {kind.Singular} from flags and/or -f FILE (YAML or JSON)."));
        command.Subcommands.Add(List(kind, options));
        command.Subcommands.Add(ById(kind, options, "get", $"Show {Article(kind.Singular)} {kind.Singular}.", kind.Get));
        command.Subcommands.Add(Write(kind, options, "update", $"Update {Article(kind.Singular)} {kind.Singular}: only the fields given change."));
        command.Subcommands.Add(ById(kind, options, "archive", $"Archive {Article(kind.Singular)} {kind.Singular}.", kind.Archive));
        foreach (var subcommand in extra ?? [])
        {
            command.Subcommands.Add(subcommand);
        }

        return command;
    }

    private static Command Write(ResourceKind kind, ClientOptions options, string verb, string description)
    {
        var isUpdate = verb == "update";
        var id = new Argument<string>("id") { Description = $"The {kind.Singular}'s id." };
        var file = new Option<string?>("--file", "-f") { Description = "A YAML or JSON file with the request body ('-' for stdin); flags override its fields." };
        var flags = kind.Fields.ToDictionary(f => f, f => f.Kind == FieldKind.Text
            ? (Option)new Option<string?>(f.Name) { Description = f.Description }
            : new Option<string[]>(f.Name) { Description = f.Description, AllowMultipleArgumentsPerToken = false });
        var command = new Command(verb, description);
        if (isUpdate)
        {
            command.Arguments.Add(id);
        }

        command.Options.Add(file);
        foreach (var flag in flags.Values)
        {
            command.Options.Add(flag);
        }

        ClientCommand.SetAction(command, options, async (context, ct) =>
        {
            var parse = context.Parse;
            var body = parse.GetValue(file) is { } path ? InputFile.Read(path) : [];
            foreach (var (field, option) in flags)
            {
                Apply(body, field, parse.GetResult(option) is null ? null : option, parse, isUpdate);
            }

            var result = isUpdate ? await kind.Update(context.Sdk, parse.GetValue(id)!, body, ct) : await kind.Create(context.Sdk, body, ct);
            Show(context.Output, JsonOf(result));
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command List(ResourceKind kind, ClientOptions options)
    {
        var limit = new Option<int>("--limit") { Description = $"At most this many, newest first (default {DefaultListLimit}).", DefaultValueFactory = _ => DefaultListLimit };
        var archived = new Option<bool>("--include-archived") { Description = "Include archived ones." };
        var agent = new Option<string?>("--agent") { Description = "Only sessions of this agent." };
        var status = new Option<string[]>("--status") { Description = "Only sessions in this status (repeatable): idle, running, rescheduling, terminated." };
        var command = new Command("list", $"List {kind.Plural}.") { limit, archived };
        if (kind.HasSessionFilters)
        {
            command.Options.Add(agent);
            command.Options.Add(status);
        }

        ClientCommand.SetAction(command, options, async (context, ct) =>
        {
            var parse = context.Parse;
            if (parse.GetValue(limit) < 1)
            {
                throw new CliException(ExitCodes.InvalidInput, "--limit: must be at least 1.");
            }

            var query = new ListQuery(parse.GetValue(limit), parse.GetValue(archived), parse.GetValue(agent), parse.GetValue(status) ?? []);
            var items = new List<JsonElement>();
            await foreach (var item in kind.List(context.Sdk, query, ct))
            {
                items.Add(JsonOf(item));
            }

            if (context.Output.IsJson)
            {
                context.Output.WriteJson(JsonSerializer.SerializeToElement(items));
            }
            else
            {
                ResourceView.Table(context.Output.Human, kind.Columns, items);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Command ById(ResourceKind kind, ClientOptions options, string verb, string description, Func<Anthropic.AnthropicClient, string, CancellationToken, Task<object>> call)
    {
        var id = new Argument<string>("id") { Description = $"The {kind.Singular}'s id." };
        var command = new Command(verb, description) { id };
        ClientCommand.SetAction(command, options, async (context, ct) =>
        {
            Show(context.Output, JsonOf(await call(context.Sdk, context.Parse.GetValue(id)!, ct)));
            return ExitCodes.Success;
        });
        return command;
    }

    private static void Apply(JsonObject body, FieldFlag field, Option? option, ParseResult parse, bool isUpdate)
    {
        if (option is null)
        {
            return;
        }

        var (parent, name) = Parent(body, field.Path);
        switch (field.Kind)
        {
            case FieldKind.Text:
                parent[name] = parse.GetValue((Option<string?>)option);
                break;
            case FieldKind.List:
                parent[name] = new JsonArray([.. parse.GetValue((Option<string[]>)option)!.Select(v => JsonValue.Create(v))]);
                break;
            case FieldKind.Map:
                var map = parent[name] as JsonObject ?? [];
                foreach (var pair in parse.GetValue((Option<string[]>)option)!)
                {
                    var separator = pair.IndexOf('=', StringComparison.Ordinal);
                    if (separator < 1)
                    {
                        throw new CliException(ExitCodes.InvalidInput, $"{field.Name}: '{pair}' is not key=value.");
                    }

                    var value = pair[(separator + 1)..];
                    map[pair[..separator]] = value.Length == 0 && isUpdate ? null : value;
                }

                parent[name] = map;
                break;
        }
    }

    private static (JsonObject Parent, string Name) Parent(JsonObject body, string path)
    {
        var names = path.Split('.');
        var parent = body;
        foreach (var name in names[..^1])
        {
            if (parent[name] is not JsonObject child)
            {
                child = [];
                parent[name] = child;
            }

            parent = child;
        }

        return (parent, names[^1]);
    }

    private static void Show(CliOutput output, JsonElement item)
    {
        if (output.IsJson)
        {
            output.WriteJson(item);
        }
        else
        {
            ResourceView.Details(output.Human, item);
        }
    }

    public static JsonElement JsonOf(object model) => JsonSerializer.SerializeToElement(model, model.GetType());

    private static string Article(string noun) => noun[0] is 'a' or 'e' or 'i' or 'o' or 'u' ? "an" : "a";
}
