namespace Tailor.Server.Http;

/// <summary>Answers 413 at once when the declared body is larger than the limit, before any of it is read (Kestrel enforces the limit on bodies of unknown length).</summary>
internal sealed class BodyLimit(RequestDelegate next, ServerOptions options)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (context.Request.ContentLength is { } length && length > options.MaxRequestBodyBytes)
            throw new ServerException(413, $"the request body is {length:N0} bytes; this server accepts at most {options.MaxRequestBodyBytes:N0}. Send a smaller body (split the upload into several requests) or start the server with a larger --max-body-mb.");
        return next(context);
    }
}
