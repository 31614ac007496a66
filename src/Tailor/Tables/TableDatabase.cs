using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Tailor.Tables;

/// <summary>
/// A table loaded into a private in-memory SQLite database for one question. After loading, the
/// connection is made read-only (<c>PRAGMA query_only</c>, and an authorizer that lets SQLite compile
/// nothing but reads: SELECT, reading columns, functions, recursive CTEs), and a query runs only when SQLite's own
/// parser accepts it as one statement that begins with SELECT or WITH and writes nothing
/// (<c>sqlite3_stmt_readonly</c>); anything else — DELETE, DROP, ATTACH, PRAGMA, two statements —
/// is refused with the reason (<see cref="TableQueryRefusedException"/>). A query runs under a time
/// limit (SQLite's progress handler interrupts it) and a row limit.
/// </summary>
public sealed class TableDatabase : IDisposable
{
    private readonly SqliteConnection _connection;

    public TableDatabase(TableData table)
    {
        ArgumentNullException.ThrowIfNull(table);
        Table = table;
        TableName = Identifier(table.Name);
        _connection = new SqliteConnection("Data Source=:memory:");
        _connection.Open();
        Load();
        using var readOnly = _connection.CreateCommand();
        readOnly.CommandText = "PRAGMA query_only = ON";
        readOnly.ExecuteNonQuery();
        // from here on SQLite compiles only reads: any other action (a write, PRAGMA, ATTACH, a transaction) is denied
        raw.sqlite3_set_authorizer(_connection.Handle!, Authorize, null);
    }

    private static int Authorize(object user, int action, utf8z what, utf8z detail, utf8z database, utf8z view) =>
        action is raw.SQLITE_SELECT or raw.SQLITE_READ or raw.SQLITE_FUNCTION or raw.SQLITE_RECURSIVE ? raw.SQLITE_OK : raw.SQLITE_DENY;

    /// <summary>The table as loaded.</summary>
    public TableData Table { get; }

    /// <summary>The table's name in SQL, quoted.</summary>
    public string TableName { get; }

    /// <summary>The CREATE TABLE statement the model is shown.</summary>
    public string Schema => $"CREATE TABLE {TableName} ({string.Join(", ", Table.Columns.Select((c, i) => $"{Identifier(c)} {Table.Types[i]}"))});";

    private void Load()
    {
        using var tx = _connection.BeginTransaction();
        using (var create = _connection.CreateCommand())
        {
            create.CommandText = Schema;
            create.ExecuteNonQuery();
        }
        using var insert = _connection.CreateCommand();
        insert.CommandText = $"INSERT INTO {TableName} VALUES ({string.Join(", ", Table.Columns.Select((_, i) => "$p" + i.ToString(CultureInfo.InvariantCulture)))})";
        var parameters = Table.Columns.Select((_, i) => insert.Parameters.Add("$p" + i.ToString(CultureInfo.InvariantCulture), SqliteType.Text)).ToArray();
        foreach (var row in Table.Rows)
        {
            for (int c = 0; c < parameters.Length; c++) parameters[c].Value = Value(row[c], Table.Types[c]);
            insert.ExecuteNonQuery();
        }
        tx.Commit();
    }

    private static object Value(string cell, string type)
    {
        if (cell.Length == 0) return DBNull.Value;
        if (type == "TEXT" || !TableData.TryNumber(cell, out var number)) return cell;
        return type == "INTEGER" ? (object)(long)number : number;
    }

    /// <summary>Throws <see cref="TableQueryRefusedException"/> unless <paramref name="sql"/> is one read-only SELECT (or WITH … SELECT) that SQLite can prepare.</summary>
    public void Validate(string sql)
    {
        ArgumentNullException.ThrowIfNull(sql);
        string keyword = FirstKeyword(sql);
        if (keyword.Length == 0) throw new TableQueryRefusedException("the model wrote no SQL statement");
        if (keyword is not ("SELECT" or "WITH"))
            throw new TableQueryRefusedException($"the statement begins with {keyword}; only a single SELECT (or WITH … SELECT) is run");
        var db = _connection.Handle!;
        int rc = raw.sqlite3_prepare_v2(db, sql, out sqlite3_stmt stmt, out string tail);
        using (stmt)
        {
            if (rc == raw.SQLITE_AUTH)
                throw new TableQueryRefusedException("the statement would do more than read the table; only a read-only SELECT is run");
            if (rc != raw.SQLITE_OK)
                throw new TableQueryRefusedException($"SQLite cannot prepare the query: {raw.sqlite3_errmsg(db).utf8_to_string()}");
            if (stmt.IsInvalid) throw new TableQueryRefusedException("the model wrote no SQL statement");
            if (FirstKeyword(tail ?? "").Length > 0)
                throw new TableQueryRefusedException("the SQL holds more than one statement; only a single SELECT is run");
            if (raw.sqlite3_stmt_readonly(stmt) == 0)
                throw new TableQueryRefusedException("the statement would write to the database; only a read-only SELECT is run");
        }
    }

    /// <summary>
    /// Runs <paramref name="sql"/> after <see cref="Validate"/>: stopped after <paramref name="timeLimit"/>
    /// (or on <paramref name="ct"/>), at most <paramref name="maxRows"/> rows kept. A query SQLite fails
    /// or that is interrupted throws <see cref="TableQueryRefusedException"/> with the reason.
    /// </summary>
    public TableQueryResult Run(string sql, TimeSpan timeLimit, int maxRows, CancellationToken ct = default)
    {
        Validate(sql);
        var db = _connection.Handle!;
        var clock = Stopwatch.StartNew();
        bool timedOut = false;
        raw.sqlite3_progress_handler(db, 1000, _ =>
        {
            if (clock.Elapsed > timeLimit) { timedOut = true; return 1; }
            return ct.IsCancellationRequested ? 1 : 0;
        }, null);
        try
        {
            using var cmd = _connection.CreateCommand();
            cmd.CommandText = sql;
            using var reader = cmd.ExecuteReader();
            var columns = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToList();
            var rows = new List<IReadOnlyList<string?>>();
            bool truncated = false;
            while (reader.Read())
            {
                if (rows.Count >= maxRows) { truncated = true; break; }
                var row = new string?[reader.FieldCount];
                for (int i = 0; i < row.Length; i++) row[i] = Format(reader.GetValue(i));
                rows.Add(row);
            }
            return new TableQueryResult(columns, rows, truncated);
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode == raw.SQLITE_INTERRUPT)
        {
            ct.ThrowIfCancellationRequested();
            throw new TableQueryRefusedException(timedOut
                ? string.Create(CultureInfo.InvariantCulture, $"the query ran longer than the {timeLimit.TotalSeconds:0.###} s time limit and was stopped")
                : "the query was interrupted");
        }
        catch (SqliteException ex)
        {
            throw new TableQueryRefusedException($"SQLite failed to run the query: {ex.Message}");
        }
        finally
        {
            raw.sqlite3_progress_handler(db, 0, null, null);
        }
    }

    /// <summary>Runs <paramref name="sql"/> without <see cref="Validate"/>: shows that the connection itself refuses writes (<c>query_only</c>).</summary>
    internal void ExecuteUnvalidated(string sql)
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    private static string? Format(object value) => value switch
    {
        DBNull => null,
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        byte[] b => Convert.ToHexString(b),
        _ => value.ToString(),
    };

    /// <summary>The first word of <paramref name="sql"/> in upper case, after whitespace and comments; "" when there is none.</summary>
    internal static string FirstKeyword(string sql)
    {
        int i = 0;
        while (i < sql.Length)
        {
            if (char.IsWhiteSpace(sql[i]) || sql[i] == ';') { i++; continue; }
            if (sql.AsSpan(i).StartsWith("--"))
            {
                int end = sql.IndexOf('\n', i);
                i = end < 0 ? sql.Length : end + 1;
                continue;
            }
            if (sql.AsSpan(i).StartsWith("/*"))
            {
                int end = sql.IndexOf("*/", i + 2, StringComparison.Ordinal);
                i = end < 0 ? sql.Length : end + 2;
                continue;
            }
            break;
        }
        int start = i;
        while (i < sql.Length && (char.IsLetter(sql[i]) || sql[i] == '_')) i++;
        if (i == start) return i < sql.Length ? sql[i].ToString() : "";
        return sql[start..i].ToUpperInvariant();
    }

    /// <summary>A name quoted as an SQL identifier.</summary>
    public static string Identifier(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    public void Dispose() => _connection.Dispose();
}
