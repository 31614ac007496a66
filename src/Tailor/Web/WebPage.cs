namespace Tailor.Web;

/// <summary>A fetched page: the URL it was finally read from, its media type and its body.</summary>
public sealed record WebPage(Uri Url, string MediaType, byte[] Content);
