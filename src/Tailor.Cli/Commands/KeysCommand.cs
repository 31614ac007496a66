using System.CommandLine;
using Tailor.Server;
using Tailor.Server.Access;

namespace Tailor.Cli.Commands;

internal static class KeysCommand
{
    public static Command Create()
    {
        var command = new Command("keys", "Create, list and revoke the keys `tailor serve` accepts (Authorization: Bearer KEY). Only a key's SHA-256 is stored, in the store of what is served, so every server on one database accepts the same keys: an existing --kb knowledge base's own store (its SQLite file, or the PostgreSQL database its tailor.json names); for --data, or a --kb folder not created yet, the database --database or TAILOR_DATABASE_URL names; with neither, keys.json in the folder (imported into the store once there is one, and renamed keys.json.imported). Give `tailor serve` the same --kb or --data and database.");
        command.Add(CreateKey());
        command.Add(List());
        command.Add(Revoke());
        return command;
    }

    private static (Option<string?> Kb, Option<string?> Data, Option<string?> Database) Where(Command command)
    {
        var kb = CliOptions.KnowledgeBase();
        var data = new Option<string?>("--data") { Description = "The folder of knowledge bases `tailor serve --data` serves (keys for all of them)." };
        var database = new Option<string?>("--database") { Description = "The PostgreSQL database of --data, or of a --kb folder not created yet (postgresql://user:pass@host:port/db or Npgsql keywords; default: TAILOR_DATABASE_URL, else keys.json in the folder); it also gives the password of a --kb knowledge base there. Give `tailor serve` the same." };
        command.Add(kb);
        command.Add(data);
        command.Add(database);
        return (kb, data, database);
    }

    /// <summary>Runs <paramref name="action"/> on the keys the options name (one rule with `tailor serve`: <see cref="KeyStore.Open"/>).</summary>
    private static T With<T>(ParseResult parse, (Option<string?> Kb, Option<string?> Data, Option<string?> Database) where, Func<KeyStore, T> action) => Run(() =>
    {
        var data = parse.GetValue(where.Data) is { } d ? Path.GetFullPath(d) : null;
        if (parse.GetValue(where.Database) is { } database) Environment.SetEnvironmentVariable(KnowledgeBase.DatabaseVariable, database); // as TAILOR_DATABASE_URL: also the password of a knowledge base there
        using var keys = KeyStore.Open(data is null ? CliOptions.ResolveKb(parse.GetValue(where.Kb)) : null, data, null, Console.Error.WriteLine);
        return action(keys);
    });

    private static Command CreateKey()
    {
        var json = CliOptions.Json();
        var name = new Option<string>("--name") { Description = "A name for the key (who or what uses it).", Required = true };
        var scope = new Option<string>("--scope") { Description = "read (search, ask, chat), write (also upload and delete), admin (also create and delete knowledge bases).", DefaultValueFactory = _ => "read" };
        scope.AcceptOnlyFromAmong("read", "write", "admin");
        var groups = new Option<string?>("--groups") { Description = "Access groups, comma-separated: the key sees documents without groups or sharing one." };
        var only = new Option<string?>("--only") { Description = "Limit the key to this one knowledge base (its name)." };
        var command = new Command("create", "Create a key and print it once (it cannot be shown again).") { json, name, scope, groups, only };
        var where = Where(command);
        command.SetAction(parse =>
        {
            var (key, secret, location, inStore) = With(parse, where, store =>
            {
                var (created, secret) = store.Create(parse.GetValue(name)!, Enum.Parse<KeyScope>(parse.GetValue(scope)!, ignoreCase: true),
                    parse.GetValue(groups)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), parse.GetValue(only));
                return (created, secret, store.Location, store.InStore);
            });
            if (parse.GetValue(json)) CliJson.Write(new { name = key.Name, key = secret, scope = key.Scope.ToString().ToLowerInvariant(), groups = key.Groups, only = key.Only });
            else
            {
                Console.Out.WriteLine(secret);
                Console.Error.WriteLine($"Created key \"{key.Name}\" ({key.Scope.ToString().ToLowerInvariant()}) in {location}{(inStore || parse.GetValue(where.Data) is not null ? "" : " (no knowledge base there yet: the keys move into its store when it is created)")}. It is shown only now: store it safely; send it as Authorization: Bearer KEY.");
            }
            return 0;
        });
        return command;
    }

    private static Command List()
    {
        var json = CliOptions.Json();
        var command = new Command("list", "List keys (names, scopes, groups; never the keys themselves).") { json };
        var where = Where(command);
        command.SetAction(parse =>
        {
            var keys = With(parse, where, store => store.List());
            if (parse.GetValue(json))
            {
                CliJson.Write(new
                {
                    keys = keys.Select(k => new { name = k.Name, prefix = k.Prefix, scope = k.Scope.ToString().ToLowerInvariant(), groups = k.Groups, only = k.Only, created = k.Created, revoked = k.Revoked }),
                    count = keys.Count,
                });
                return 0;
            }
            foreach (var k in keys)
                Console.Out.WriteLine($"{k.Name}\t{k.Prefix}…\t{k.Scope.ToString().ToLowerInvariant()}\t{(k.Groups.Count > 0 ? string.Join(',', k.Groups) : "-")}\t{k.Only ?? "*"}\t{(k.IsActive ? "active" : "revoked " + k.Revoked!.Value.ToString("yyyy-MM-dd HH:mm"))}");
            Console.Out.WriteLine($"{keys.Count(k => k.IsActive)} active keys");
            return 0;
        });
        return command;
    }

    private static Command Revoke()
    {
        var json = CliOptions.Json();
        var name = new Argument<string>("NAME") { Description = "The key's name (or its prefix, from `tailor keys list`)." };
        var command = new Command("revoke", "Revoke a key: requests with it are answered 401 from now on.") { name, json };
        var where = Where(command);
        command.SetAction(parse =>
        {
            var key = parse.GetValue(name)!;
            if (!With(parse, where, store => store.Revoke(key))) throw new TailorException($"no active key is named \"{key}\"; see `tailor keys list`.");
            if (parse.GetValue(json)) CliJson.Write(new { revoked = key });
            else Console.Out.WriteLine($"Revoked key {key}.");
            return 0;
        });
        return command;
    }

    private static T Run<T>(Func<T> action)
    {
        try { return action(); }
        catch (ServerException ex) { throw new TailorException(ex.Message, ex); }
    }
}
