using System.Text.Json.Serialization.Metadata;
using Tailor.Ingestion;

namespace Tailor.Server.Http;

/// <summary>
/// Keeps the server's own file paths out of its answers. A file uploaded through the API is kept in its knowledge
/// base's folder as <c>uploads/JOB/NAME</c>; every <c>source</c> and <c>link</c> the server writes names it by
/// <c>NAME</c> (with its <c>#L12-L20</c> or <c>#anchor</c>), as the uploader named it, never by the path on the
/// server's disk. Sources the operator ingested from elsewhere (<c>tailor ingest DIR</c>) are shown as recorded. The rule is
/// the library's (<see cref="UploadFolder"/>), which the <c>source</c> filter of search and ask matches by as well.
/// </summary>
public static class PublicSource
{
    /// <summary>The value with the server-side folder of an uploaded file removed; other values unchanged.</summary>
    public static string? Of(string? value) => UploadFolder.Remove(value);

    /// <summary>A contract modifier: string properties written as <c>source</c> or <c>link</c> pass through <see cref="Of"/>.</summary>
    public static void HideUploadFolders(JsonTypeInfo type)
    {
        if (type.Kind != JsonTypeInfoKind.Object) return;
        foreach (var property in type.Properties)
        {
            if (property.PropertyType != typeof(string) || property.Name is not ("source" or "link") || property.Get is not { } get) continue;
            property.Get = owner => Of((string?)get(owner));
        }
    }
}
