using Microsoft.AspNetCore.Mvc;

namespace Tailor.Server.Http;

/// <summary>
/// Turns failures into RFC 7807 problems: <see cref="ServerException"/> with its status, <see cref="TailorException"/>
/// by its kind (400 invalid input, 404, 409, 503 busy, 502 upstream, 500 corrupt; its message says what to fix), oversized or unreadable requests with Kestrel's status; anything else is
/// a 500 whose detail names no internals. Never a stack trace.
/// </summary>
public static class ProblemResponses
{
    public static (int Status, string Detail) Classify(Exception exception) => exception switch
    {
        ServerException s => (s.Status, s.Message),
        TailorException t => (t.Kind switch
        {
            TailorErrorKind.NotFound => 404,
            TailorErrorKind.Conflict => 409,
            TailorErrorKind.Busy => 503,
            TailorErrorKind.Upstream or TailorErrorKind.Unauthorized => 502, // the model server failed or refused Tailor's own key
            TailorErrorKind.Corrupt => 500,
            _ => 400,
        }, t.Message),
        BadHttpRequestException { StatusCode: 413 } => (413, "the request body is larger than the server accepts; send a smaller body (split the upload) or raise --max-body-mb."),
        BadHttpRequestException b => (b.StatusCode, $"the request could not be read ({b.Message}); check its body and headers."),
        OperationCanceledException or TimeoutException => (504, "the request took longer than the server allows; narrow it (smaller k, fewer files) or try again."),
        _ => (500, "the server failed while answering this request; try again, and look at the server's log if it persists."),
    };

    public static Task WriteAsync(HttpContext context, int status, string detail)
    {
        context.Response.StatusCode = status;
        if (status == 401) context.Response.Headers.WWWAuthenticate = "Bearer";
        var problem = new ProblemDetails
        {
            Status = status,
            Title = Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status),
            Detail = detail,
            Type = $"https://httpstatuses.io/{status}",
            Instance = context.Request.Path,
        };
        return Results.Problem(problem).ExecuteAsync(context);
    }

    /// <summary>The outermost middleware: a failure before the response started becomes a problem; a client that went away is let go.</summary>
    internal static async Task CatchAsync(HttpContext context, RequestDelegate next)
    {
        try
        {
            await next(context);
        }
        catch (Exception exception) when (!context.Response.HasStarted)
        {
            if (exception is OperationCanceledException && context.RequestAborted.IsCancellationRequested && exception is not TimeoutException) return;
            var (status, detail) = Classify(exception);
            if (status >= 500 && status != 504)
                context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Tailor.Server").LogError(exception, "request {Path} failed", context.Request.Path);
            context.Response.Clear();
            await WriteAsync(context, status, detail);
        }
    }
}
