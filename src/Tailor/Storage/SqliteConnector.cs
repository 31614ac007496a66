using Microsoft.Data.Sqlite;

namespace Tailor.Storage;

/// <summary>
/// Opens connections to a knowledge base's SQLite file for the side tables that live beside the
/// documents (few-shot examples, chat sessions), with the same waiting and integrity settings.
/// </summary>
internal static class SqliteConnector
{
    public static SqliteConnection Open(string path)
    {
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWrite,
            Pooling = true,
            DefaultTimeout = 30,
        };
        var connection = new SqliteConnection(builder.ToString());
        try
        {
            connection.Open();
            using var cmd = connection.CreateCommand();
            cmd.CommandText = "PRAGMA foreign_keys=ON; PRAGMA busy_timeout=30000; PRAGMA synchronous=NORMAL;";
            cmd.ExecuteNonQuery();
            return connection;
        }
        catch (SqliteException ex)
        {
            connection.Dispose();
            throw new TailorException($"{path}: cannot open the knowledge base database ({ex.Message}); run `tailor check` or restore it from a backup.", ex);
        }
    }

    public static void Exec(SqliteConnection c, string sql, SqliteTransaction? tx = null)
    {
        using var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }
}
