using System.CommandLine;

namespace Tailor.Cli.Commands;

internal static class SessionsCommand
{
    public static Command Create()
    {
        var command = new Command("sessions", "List, show and delete the chat sessions stored in a knowledge base.");
        command.Add(List());
        command.Add(Show());
        command.Add(Delete());
        return command;
    }

    private static Command List()
    {
        var kb = CliOptions.KnowledgeBase();
        var json = CliOptions.Json();
        var command = new Command("list", "List sessions, most recently used first.") { kb, json };
        command.SetAction(parse =>
        {
            using var kbase = KnowledgeBase.OpenExisting(CliOptions.ResolveKb(parse.GetValue(kb)));
            var sessions = kbase.Sessions.List();
            if (parse.GetValue(json))
            {
                CliJson.Write(new { sessions = sessions.Select(s => new { name = s.Name, messages = s.Messages, created = s.Created, updated = s.Updated }), count = sessions.Count });
                return 0;
            }
            foreach (var s in sessions) Console.Out.WriteLine($"{s.Name}\t{s.Messages} messages\tlast used {s.Updated:yyyy-MM-dd HH:mm}");
            Console.Out.WriteLine($"{sessions.Count} sessions");
            return 0;
        });
        return command;
    }

    private static Command Show()
    {
        var kb = CliOptions.KnowledgeBase();
        var json = CliOptions.Json();
        var name = new Argument<string>("NAME") { Description = "The session." };
        var command = new Command("show", "Show a session's messages with their citations.") { name, kb, json };
        command.SetAction(parse =>
        {
            using var kbase = KnowledgeBase.OpenExisting(CliOptions.ResolveKb(parse.GetValue(kb)));
            var session = parse.GetValue(name)!;
            if (!kbase.Sessions.List().Any(s => s.Name == session))
                throw new TailorException($"no session is named \"{session}\"; see `tailor sessions list`.", TailorErrorKind.NotFound);
            var messages = kbase.Sessions.Messages(session);
            if (parse.GetValue(json))
            {
                CliJson.Write(new
                {
                    session,
                    messages = messages.Select(m => new
                    {
                        role = m.Role.ToString().ToLowerInvariant(),
                        content = m.Content,
                        citations = CitationJson.Group(m.Citations),
                        created = m.Created,
                    }),
                });
                return 0;
            }
            foreach (var m in messages)
            {
                Console.Out.WriteLine($"{m.Role.ToString().ToLowerInvariant()}> {m.Content}");
                foreach (var group in m.Citations.GroupBy(c => c.N).OrderBy(g => g.Key))
                    Console.Out.WriteLine($"  [{group.Key}] {group.First().Link}");
            }
            return 0;
        });
        return command;
    }

    private static Command Delete()
    {
        var kb = CliOptions.KnowledgeBase();
        var json = CliOptions.Json();
        var name = new Argument<string>("NAME") { Description = "The session to delete." };
        var command = new Command("delete", "Delete a session and its messages.") { name, kb, json };
        command.SetAction(parse =>
        {
            using var kbase = KnowledgeBase.OpenExisting(CliOptions.ResolveKb(parse.GetValue(kb)));
            var session = parse.GetValue(name)!;
            if (!kbase.Sessions.Delete(session)) throw new TailorException($"no session is named \"{session}\"; see `tailor sessions list`.", TailorErrorKind.NotFound);
            if (parse.GetValue(json)) CliJson.Write(new { deleted = session });
            else Console.Out.WriteLine($"Deleted session {session}.");
            return 0;
        });
        return command;
    }
}
