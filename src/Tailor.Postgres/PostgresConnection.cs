using Npgsql;

namespace Tailor.Postgres;

/// <summary>
/// A PostgreSQL connection string as the user gives it: a URL (<c>postgresql://user:pass@host:port/db?sslmode=require</c>)
/// or Npgsql keywords (<c>Host=..;Username=..;Password=..;Database=..</c>).
/// </summary>
public static class PostgresConnection
{
    /// <summary>True when <paramref name="text"/> looks like a PostgreSQL URL or Npgsql keywords.</summary>
    public static bool IsPostgres(string? text) =>
        text is not null && (text.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase) || text.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase)
            || text.Contains("host=", StringComparison.OrdinalIgnoreCase));

    /// <summary>The Npgsql form of <paramref name="text"/>; a clear error when it is neither a URL nor keywords.</summary>
    public static NpgsqlConnectionStringBuilder Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase) || text.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase))
            return FromUrl(text);
        try
        {
            return new NpgsqlConnectionStringBuilder(text);
        }
        catch (ArgumentException ex)
        {
            throw new TailorException($"the database setting is not a PostgreSQL connection string ({ex.Message}); pass --database postgresql://user:password@host:5432/dbname or Npgsql keywords such as Host=..;Username=..;Database=...", ex);
        }
    }

    private static NpgsqlConnectionStringBuilder FromUrl(string text)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
            throw new TailorException($"'{StripPassword(text)}' is not a PostgreSQL URL; use postgresql://user:password@host:5432/dbname.");
        var builder = new NpgsqlConnectionStringBuilder { Host = uri.Host, Port = uri.IsDefaultPort || uri.Port <= 0 ? 5432 : uri.Port };
        var database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        if (database.Length > 0) builder.Database = database;
        if (uri.UserInfo.Length > 0)
        {
            var parts = uri.UserInfo.Split(':', 2);
            builder.Username = Uri.UnescapeDataString(parts[0]);
            if (parts.Length == 2) builder.Password = Uri.UnescapeDataString(parts[1]);
        }
        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var kv = pair.Split('=', 2);
            var key = Uri.UnescapeDataString(kv[0]);
            var value = kv.Length == 2 ? Uri.UnescapeDataString(kv[1]) : "";
            try
            {
                builder[key switch { "sslmode" => "SSL Mode", "application_name" => "Application Name", "connect_timeout" => "Timeout", _ => key }] = value;
            }
            catch (ArgumentException ex)
            {
                throw new TailorException($"'{StripPassword(text)}': unknown connection option '{key}' ({ex.Message}).", ex);
            }
        }
        return builder;
    }

    /// <summary>
    /// The URL form without the password: what the manifest records and messages show. Other settings given
    /// (SSL mode, pool size, timeouts) are kept as query options, so the recorded URL connects the same way.
    /// </summary>
    public static string Describe(NpgsqlConnectionStringBuilder builder)
    {
        var user = string.IsNullOrEmpty(builder.Username) ? "" : Uri.EscapeDataString(builder.Username) + "@";
        var options = new List<string>();
        foreach (string key in builder.Keys)
        {
            if (key is "Host" or "Port" or "Database" or "Username" or "Password" || !builder.ContainsKey(key) || !builder.ShouldSerialize(key)) continue;
            if (builder[key] is not { } value || string.Equals(key, "Timeout", StringComparison.Ordinal) && Equals(value, 30)) continue;
            options.Add(Uri.EscapeDataString(key) + "=" + Uri.EscapeDataString(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? ""));
        }
        return $"postgresql://{user}{builder.Host}:{builder.Port}/{Uri.EscapeDataString(builder.Database ?? "")}" + (options.Count > 0 ? "?" + string.Join('&', options) : "");
    }

    private static string StripPassword(string url) => System.Text.RegularExpressions.Regex.Replace(url, "://([^:/@]*):[^@]*@", "://$1@");

    /// <summary><paramref name="text"/> with any password removed.</summary>
    public static string Redact(string text)
    {
        try
        {
            return Describe(Parse(text));
        }
        catch (TailorException)
        {
            return "(an unreadable connection string)";
        }
    }
}
