using System.CommandLine;
using Tailor.OpenAI.Chat;
using Tailor.OpenAI.Configuration;
using Tailor.Server;

namespace Tailor.Cli.Commands;

internal static class ServeCommand
{
    public static Command Create()
    {
        var kb = CliOptions.KnowledgeBase();
        var data = new Option<string?>("--data") { Description = "Serve every knowledge base in this folder (one subfolder each; POST /api/kbs creates more) instead of one --kb." };
        var database = new Option<string?>("--database") { Description = "A NEW knowledge base is created in this PostgreSQL database, as with `tailor ingest --database` (default: TAILOR_DATABASE_URL, else SQLite in its folder; with --data only the first: one database holds one knowledge base); it also gives the password of one there. Keys are kept in the store of what is served: an existing --kb knowledge base's own; for --data, this database (else keys.json in the folder), so every server given it accepts the same keys (see `tailor keys`)." };
        var urls = new Option<string>("--urls") { Description = "Addresses to listen on, separated by ';'. Without a key only loopback is allowed.", DefaultValueFactory = _ => "http://127.0.0.1:8080" };
        var insecure = new Option<bool>("--insecure") { Description = "Listen beyond loopback although no key exists (anyone who reaches the address gets full access)." };
        var maxBody = new Option<int>("--max-body-mb") { Description = "Largest request body in MiB (larger ones get 413).", DefaultValueFactory = _ => 64 };
        var rate = new Option<int>("--rate-limit") { Description = "Requests per minute per key (more get 429 with Retry-After).", DefaultValueFactory = _ => 600 };
        var jobLease = new Option<int>("--job-lease") { Description = "Seconds an ingest job stays this server's after its last heartbeat (renewed every sixth of it); a server that dies while ingesting loses its job to another server on the database after this (to a server on its own machine, or its own restart, at once).", DefaultValueFactory = _ => 30 };
        var offline = new Option<bool>("--offline") { Description = "Answer extractively even when a chat model is configured." };
        var command = new Command("serve", "Serve knowledge bases over HTTP: a web page at / (chat, documents, search, quality), Tailor's API under /api, OpenAI-compatible /v1, OpenAPI at /openapi/v1.json, reference at /docs.")
        {
            kb, data, database, urls, insecure, maxBody, rate, jobLease, offline,
        };
        command.SetAction(async (parse, ct) =>
        {
            if (parse.GetValue(database) is { } url) Environment.SetEnvironmentVariable(KnowledgeBase.DatabaseVariable, url); // as TAILOR_DATABASE_URL: also the password of a knowledge base there
            var settings = OpenAiSettings.Resolve();
            var options = new ServerOptions
            {
                KnowledgeBase = parse.GetValue(data) is null ? CliOptions.ResolveKb(parse.GetValue(kb)) : null,
                DataDirectory = parse.GetValue(data) is { } d ? Path.GetFullPath(d) : null,
                Database = parse.GetValue(database),
                Urls = parse.GetValue(urls)!,
                Insecure = parse.GetValue(insecure),
                MaxRequestBodyBytes = (long)parse.GetValue(maxBody) << 20,
                RequestsPerMinute = parse.GetValue(rate),
                JobLease = TimeSpan.FromSeconds(parse.GetValue(jobLease)),
                JobHeartbeat = TimeSpan.FromSeconds(parse.GetValue(jobLease) / 6.0),
                ChatModel = !parse.GetValue(offline) && settings.HasChatModel ? new OpenAiChatModel(settings) : null,
                Embedder = EmbedderHost.Resolve(),
            };
            try
            {
                await TailorServer.RunAsync(options, addresses =>
                    Console.Error.WriteLine($"tailor: serving on {string.Join(", ", addresses)} (answers: {options.ChatModel?.ModelId ?? "extractive"}); Ctrl+C stops."), ct);
            }
            catch (ServerException ex)
            {
                throw new TailorException(ex.Message, ex);
            }
            return 0;
        });
        return command;
    }
}
