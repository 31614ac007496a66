using Tailor.OpenAI.Configuration;

namespace Tailor.OpenAI.Tests.Configuration;

/// <summary>Error bodies in the shapes model servers send, read into a message and a code.</summary>
public sealed class ServerErrorTests
{
    [Theory]
    [InlineData("""{"error": {"message": "The model `gpt-x` does not exist", "type": "invalid_request_error", "code": "model_not_found"}}""", "The model `gpt-x` does not exist", "model_not_found")]
    [InlineData("""{"error": "model 'llama9' not found, try pulling it first"}""", "model 'llama9' not found, try pulling it first", null)]
    [InlineData("""{"error": "Input validation error", "error_type": "Validation"}""", "Input validation error", null)]
    [InlineData("""{"message": "Rate limit exceeded", "code": "429"}""", "Rate limit exceeded", "429")]
    [InlineData("""{"detail": "Not Found"}""", "Not Found", null)]
    [InlineData("upstream connect error or disconnect/reset before headers", "upstream connect error or disconnect/reset before headers", null)]
    public void Reads_the_message_and_code_of_each_shape(string body, string message, string? code)
    {
        Assert.Equal((message, code), ServerError.Read(body));
    }

    [Fact]
    public void An_empty_body_has_no_message_and_a_long_text_body_is_shortened_to_one_line()
    {
        Assert.Equal((null, null), ServerError.Read("  "));
        var (message, _) = ServerError.Read("<html>\n<body>" + new string('x', 500) + "</body></html>");
        Assert.StartsWith("<html> <body>", message);
        Assert.EndsWith("…", message);
        Assert.Equal(201, message!.Length);
    }

    [Fact]
    public void An_error_object_with_a_code_but_no_message_keeps_the_code()
    {
        var (message, code) = ServerError.Read("""{"error": {"code": "model_not_found"}}""");
        Assert.Equal("model_not_found", code);
        Assert.Contains("model_not_found", message);
    }
}
