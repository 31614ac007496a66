using Microsoft.Extensions.FileProviders;
using Microsoft.Net.Http.Headers;

namespace Tailor.Server.Web;

/// <summary>
/// The web page: static HTML, CSS and ES modules embedded in this assembly, <c>/</c> and everything under <c>/ui/</c>.
/// Answered with an ETag and Last-Modified and <c>Cache-Control: no-cache</c>, so a browser revalidates and gets 304
/// while the server is unchanged. The page carries no key; it talks to /api with the key the user typed.
/// </summary>
public static class WebPage
{
    /// <summary>Where the page's files are served (the page itself is also served at <c>/</c>).</summary>
    public const string Prefix = "/ui";

    private const string Index = Prefix + "/index.html";

    /// <summary>True for the paths of the page, which need no key.</summary>
    public static bool IsPagePath(PathString path) => path.Value is "/" || path.StartsWithSegments(Prefix);

    public static void Use(WebApplication app)
    {
        var files = new ManifestEmbeddedFileProvider(typeof(WebPage).Assembly, "Web/wwwroot");
        app.Use((context, next) =>
        {
            if (context.Request.Path.Value is "/" or "/index.html") context.Request.Path = Index;
            return next(context);
        });
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            RequestPath = Prefix,
            OnPrepareResponse = served =>
            {
                var headers = served.Context.Response.Headers;
                headers.CacheControl = "no-cache";
                headers.XContentTypeOptions = "nosniff";
                headers[HeaderNames.ContentSecurityPolicy] = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'";
                headers["Referrer-Policy"] = "no-referrer";
            },
        });
    }
}
