using System.Net.Sockets;
using Npgsql;

namespace Tailor.Postgres;

/// <summary>
/// Turns what Npgsql throws into a <see cref="TailorException"/> with a kind a host maps to an exit code or an HTTP
/// status, naming the database (without its password) and what to do: the store's callers never see a driver error.
/// </summary>
public static class PostgresFailure
{
    /// <summary>True for exceptions <see cref="From"/> translates: the driver's and the socket's.</summary>
    public static bool IsDriverFailure(Exception ex) => ex is NpgsqlException or SocketException || ex is TimeoutException && ex.InnerException is NpgsqlException;

    /// <summary>The <see cref="TailorException"/> for <paramref name="ex"/>, raised while talking to the database at <paramref name="location"/>.</summary>
    public static TailorException From(Exception ex, string location)
    {
        var (kind, what, todo) = Classify(ex);
        var detail = ex is PostgresException pg ? $"{pg.SqlState}: {pg.MessageText}" : ex.Message;
        return new TailorException($"{location}: {what} ({detail}); {todo}", ex, kind);
    }

    private static (TailorErrorKind Kind, string What, string ToDo) Classify(Exception ex)
    {
        if (ex is PostgresException pg)
        {
            var state = pg.SqlState;
            return state switch
            {
                "28P01" or "28000" => (TailorErrorKind.Unauthorized, "the database refused the user or password",
                    "check the user and password in TAILOR_DATABASE_URL or --database (postgresql://user:password@host:5432/dbname)"),
                "42501" => (TailorErrorKind.Unauthorized, "the database user may not do this",
                    "grant the user rights on the database (it creates and alters Tailor's tables), or connect as its owner"),
                "3D000" => (TailorErrorKind.NotFound, "the database does not exist",
                    "create it (createdb NAME, or CREATE DATABASE NAME) or name an existing one in the URL"),
                "53300" or "57P03" or "55P03" or "40001" or "40P01" => (TailorErrorKind.Busy, "the database is busy or starting up",
                    "try again in a moment; if it persists, raise max_connections or wait for the other writers"),
                "57P01" or "57P02" => (TailorErrorKind.Upstream, "the database server shut down while Tailor was using it",
                    "start the server again (or wait for its restart) and retry; nothing half-written was kept"),
                "23505" or "23503" => (TailorErrorKind.Conflict, "another process changed the same rows at the same time",
                    "retry the command"),
                "42P01" or "42703" => (TailorErrorKind.Corrupt, "the database lacks a table or column Tailor's schema has",
                    "open it with the Tailor that made it, or check that nobody dropped Tailor's tables (tailor check)"),
                _ when state.StartsWith("08", StringComparison.Ordinal) => (TailorErrorKind.Upstream, "the connection to the database failed",
                    "check that the server runs and is reachable, then retry"),
                _ when state.StartsWith("53", StringComparison.Ordinal) => (TailorErrorKind.Busy, "the database server is out of resources",
                    "free disk or memory on the database server, then retry"),
                _ => (TailorErrorKind.Upstream, "the database failed the request",
                    "look at the database server's log; retry when the cause is mended"),
            };
        }
        return (TailorErrorKind.Upstream, "cannot reach the database",
            "check that the PostgreSQL server runs and that the host and port in TAILOR_DATABASE_URL or --database are right, then retry");
    }
}
