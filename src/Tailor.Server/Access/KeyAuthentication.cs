namespace Tailor.Server.Access;

/// <summary>
/// Reads <c>Authorization: Bearer KEY</c>. When the data folder has an active key, every request but the health
/// checks, the API documentation and the web page (which asks for a key itself) needs one: missing, unknown or revoked keys are answered 401.
/// When the keys could not be read for <see cref="ServerOptions.KeysUnreadableAfter"/>, every request but those is answered 503 (fail closed).
/// </summary>
internal sealed class KeyAuthentication(RequestDelegate next, KeyStore keys, ServerOptions options)
{
    private static readonly string[] OpenPaths = ["/healthz", "/readyz", "/openapi", "/docs", "/scalar"];

    public async Task InvokeAsync(HttpContext context)
    {
        if (keys.SinceRead > options.KeysUnreadableAfter && !IsOpen(context))
        {
            // written here, not thrown: not an error logged per request (the refresh logged why), and with Retry-After
            context.Response.Headers.RetryAfter = "5";
            await Http.ProblemResponses.WriteAsync(context, 503,
                $"the key store ({keys.Location}) could not be read for {keys.SinceRead.TotalSeconds:0} s, so no key can be checked; requests are refused until it answers again (the server log says why), then retry.");
            return;
        }
        if (!keys.RequiresKeys)
        {
            // no key was ever created: the server listens on loopback only, and a client's placeholder key (OpenAI SDKs need one) is ignored
            await next(context);
            return;
        }
        bool open = IsOpen(context);
        var header = context.Request.Headers.Authorization.ToString();
        if (header.Length > 0)
        {
            if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
                throw new ServerException(401, "the Authorization header is not a bearer token; send Authorization: Bearer KEY with a key from `tailor keys create`.");
            var secret = header["Bearer ".Length..].Trim();
            var key = keys.Find(secret);
            if (key is null && !open)
                throw new ServerException(401, "the key is unknown or revoked; create a new one with `tailor keys create` and send it as Authorization: Bearer KEY.");
            new Caller(key).AttachTo(context);
        }
        else if (!open)
        {
            throw new ServerException(401, "this server needs a key: send Authorization: Bearer KEY with a key from `tailor keys create`.");
        }
        await next(context);
    }

    /// <summary>The health checks, the API documentation and the web page: open to every caller.</summary>
    private static bool IsOpen(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "";
        return OpenPaths.Any(p => path.StartsWith(p, StringComparison.OrdinalIgnoreCase)) || Web.WebPage.IsPagePath(context.Request.Path);
    }
}
