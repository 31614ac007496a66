using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Tailor.Answering;
using Tailor.Chat;
using Tailor.Retrieval;
using Tailor.Storage;

namespace Tailor.Tables;

/// <summary>
/// Answers a question over a table source by one read-only SQL query: the table the top hit comes
/// from is rebuilt from its stored chunks (<see cref="TableData"/>) into an in-memory SQLite
/// database (<see cref="TableDatabase"/>), the chat model is shown its schema and a few rows and
/// asked for one SELECT, the query is validated and run under the time and row limits, and the
/// answer is the query, its result as a table and a citation of the table. When the model writes
/// no query, or it is refused, fails or returns no rows, <see cref="TryAnswerAsync"/> gives the reason
/// instead, for the caller to answer as usual.
/// </summary>
public sealed partial class TableAnswerer
{
    /// <summary>The document formats whose documents are tables.</summary>
    public static readonly IReadOnlySet<string> TableFormats = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "csv", "tsv", "xlsx" };

    /// <summary>What the model is told to write.</summary>
    public const string Instructions =
        "You write one SQLite query that answers the user's question from the table below. " +
        "Write a single SELECT statement (WITH … SELECT is allowed) that reads only this table; never modify anything. " +
        "Reply with the query alone in a ```sql block. If the table cannot answer the question, reply NONE.";

    private readonly IChatModel _model;
    private readonly IChunkReader _chunks;
    private readonly TableQueryOptions _options;

    public TableAnswerer(IChatModel model, IChunkReader chunks, TableQueryOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(chunks);
        _options = options ?? new TableQueryOptions();
        _options.Validate();
        _model = model;
        _chunks = chunks;
    }

    /// <summary>
    /// The SQL answer to <paramref name="question"/> over the table of the top hit, or (null, why) when
    /// the table cannot answer it by a query, or (null, null) when the top hit is not from a table source. Failures of the model itself (<see cref="TailorException"/>) propagate.
    /// </summary>
    public async Task<(Answer? Answer, string? Fallback)> TryAnswerAsync(string question, IReadOnlyList<Hit> hits, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(question);
        ArgumentNullException.ThrowIfNull(hits);
        if (hits.Count == 0 || _chunks.GetDocument(hits[0].DocumentId) is not { } doc || !TableFormats.Contains(doc.Format))
            return (null, null);
        var hit = hits[0];
        var chunks = _chunks.ChunksOf(doc.Id);
        string header = HeaderOf(hit.Text, doc.Format);
        TableData table;
        try { table = TableData.FromChunks(NameOf(doc.Id), header, chunks, _options.MaxTableRows); }
        catch (TailorException ex) { return (null, ex.Message); }
        if (table.Rows.Count == 0) return (null, "the table has no rows");

        using var db = new TableDatabase(table);
        var messages = new[] { ChatMessage.System(Instructions), ChatMessage.User(Prompt(db, question)) };
        var completion = await _model.CompleteAsync(messages, new ChatRequestOptions { Temperature = 0 }, ct).ConfigureAwait(false);
        string? sql = ExtractSql(completion.Text);
        if (sql is null) return (null, "the model wrote no SQL query for this question");
        TableQueryResult result;
        try { result = db.Run(sql, _options.TimeLimit, _options.MaxRows, ct); }
        catch (TableQueryRefusedException ex) { return (null, $"the model's SQL was not run: {ex.Message}"); }
        if (result.Rows.Count == 0) return (null, "the model's SQL query returned no rows");

        string link = TableLink(hit.Link, doc.Format, chunks);
        var citation = new Citation(1, doc.Id, hit.Source, link, header);
        return (new Answer
        {
            Text = Render(doc.Id, sql, result),
            Citations = [citation],
            Model = _model.ModelId,
            Found = true,
            Sources = hits,
            Usage = completion.Usage,
            Sql = sql,
            Table = result,
        }, null);
    }

    private string Prompt(TableDatabase db, string question)
    {
        var sb = new StringBuilder();
        sb.Append("Table schema:\n").Append(db.Schema).Append("\n\n");
        int samples = Math.Min(_options.SampleRows, db.Table.Rows.Count);
        if (samples > 0)
        {
            sb.Append("First rows (").Append(string.Join(TableData.CellSeparator, db.Table.Columns)).Append("):\n");
            foreach (var row in db.Table.Rows.Take(samples)) sb.Append(string.Join(TableData.CellSeparator, row)).Append('\n');
            sb.Append('\n');
        }
        sb.Append(CultureInfo.InvariantCulture, $"The table has {db.Table.Rows.Count} rows.\n\nQuestion: ").Append(question);
        return sb.ToString();
    }

    /// <summary>The query in the model's reply: the first ```sql (or ```) block, else the whole reply; null for NONE or nothing.</summary>
    internal static string? ExtractSql(string reply)
    {
        var fence = Fence().Match(reply);
        string sql = (fence.Success ? fence.Groups[1].Value : reply).Trim();
        if (sql.Length == 0 || sql.Equals("NONE", StringComparison.OrdinalIgnoreCase) || sql.Equals("NONE.", StringComparison.OrdinalIgnoreCase)) return null;
        return sql;
    }

    [GeneratedRegex(@"```[A-Za-z]*[ \t]*\r?\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex Fence();

    /// <summary>The header line of a table chunk: its first line (CSV, TSV), or the first line with cells (a sheet, after its heading).</summary>
    internal static string HeaderOf(string chunkText, string format)
    {
        var lines = chunkText.Split('\n');
        if (format is "csv" or "tsv") return lines[0];
        return lines.FirstOrDefault(l => l.Contains(TableData.CellSeparator, StringComparison.Ordinal)) ?? lines[0];
    }

    /// <summary>The table's name in SQL: the file name without extension, as letters, digits and underscores.</summary>
    internal static string NameOf(string documentId)
    {
        string stem = Path.GetFileNameWithoutExtension(documentId.Replace('\\', '/').Split('/')[^1]);
        var sb = new StringBuilder();
        foreach (char c in stem.ToLowerInvariant()) sb.Append(char.IsAsciiLetterOrDigit(c) ? c : '_');
        string name = sb.ToString().Trim('_');
        if (name.Length == 0) return "data";
        return char.IsAsciiDigit(name[0]) ? "t_" + name : name;
    }

    /// <summary>A link to the whole table: the file's full line range (CSV, TSV), else the sheet the hit is in.</summary>
    private static string TableLink(string hitLink, string format, IReadOnlyList<StoredChunk> chunks)
    {
        int hash = hitLink.IndexOf('#', StringComparison.Ordinal);
        string file = hash < 0 ? hitLink : hitLink[..hash];
        if (format is "csv" or "tsv")
        {
            int last = chunks.Count == 0 ? 0 : chunks.Max(c => c.LineEnd);
            return last > 0 ? string.Create(CultureInfo.InvariantCulture, $"{file}#L1-L{last}") : file;
        }
        if (hash < 0) return file;
        string anchor = hitLink[(hash + 1)..];
        int bang = anchor.IndexOf('!', StringComparison.Ordinal);
        return bang < 0 ? hitLink : $"{file}#{anchor[..bang]}";
    }

    /// <summary>The answer text: the query, its result as a Markdown table, and the citation marker.</summary>
    internal static string Render(string documentId, string sql, TableQueryResult result)
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"Answered by a read-only SQL query over the table {documentId} [1]:\n\n```sql\n{sql}\n```\n\n");
        sb.Append("| ").Append(string.Join(" | ", result.Columns.Select(Cell))).Append(" |\n");
        sb.Append('|').Append(string.Concat(result.Columns.Select(_ => " --- |"))).Append('\n');
        foreach (var row in result.Rows) sb.Append("| ").Append(string.Join(" | ", row.Select(v => Cell(v ?? "NULL")))).Append(" |\n");
        if (result.Truncated) sb.Append(CultureInfo.InvariantCulture, $"\n(the first {result.Rows.Count} rows; the result has more)\n");
        return sb.ToString().TrimEnd();
    }

    private static string Cell(string value) => value.Replace("|", "\\|", StringComparison.Ordinal).Replace('\n', ' ');
}
