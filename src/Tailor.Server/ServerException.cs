namespace Tailor.Server;

/// <summary>
/// The one exception type of the server: an HTTP status and a detail that says what to do. It is written as an
/// RFC 7807 problem (<c>application/problem+json</c>), never with a stack trace.
/// </summary>
public sealed class ServerException : Exception
{
    public ServerException(int status, string detail) : base(detail) => Status = status;

    public ServerException(int status, string detail, Exception inner) : base(detail, inner) => Status = status;

    public int Status { get; }

    public static ServerException BadRequest(string detail) => new(400, detail);

    public static ServerException NotFound(string detail) => new(404, detail);

    public static ServerException Conflict(string detail) => new(409, detail);
}
