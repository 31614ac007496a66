using System.Collections;
using Tailor.OpenAI.Configuration;
using Tailor.OpenAI.Reranking;
using Tailor.Testing;

namespace Tailor.OpenAI.Tests.Configuration;

public class OpenAiSettingsTests
{
    private static Hashtable Env(TempDirectory home, params (string Key, string Value)[] pairs)
    {
        var env = new Hashtable { ["HOME"] = home.Path };
        foreach (var (k, v) in pairs) env[k] = v;
        return env;
    }

    [Fact]
    public void Nothing_configured_means_no_server_and_no_models()
    {
        using var home = new TempDirectory();
        var settings = OpenAiSettings.Resolve(Env(home));
        Assert.False(settings.HasServer);
        Assert.False(settings.HasChatModel);
        Assert.False(settings.HasEmbeddingModel);
        Assert.Equal(OpenAiSettings.DefaultBaseUrl, settings.Endpoint);
    }

    [Fact]
    public void Environment_configures_an_openai_compatible_server_and_keeps_the_base_path()
    {
        using var home = new TempDirectory();
        var settings = OpenAiSettings.Resolve(Env(home,
            ("OPENAI_BASE_URL", "http://localhost:11434/v1"), ("TAILOR_CHAT_MODEL", "llama3.1"),
            ("TAILOR_EMBEDDING_MODEL", "nomic-embed-text"), ("TAILOR_EMBEDDING_DIMENSIONS", "256")));
        Assert.True(settings.HasChatModel);
        Assert.True(settings.HasEmbeddingModel);
        Assert.Equal("http://localhost:11434/v1/", settings.Endpoint.AbsoluteUri);
        Assert.Equal(256, settings.EmbeddingDimensions);
        Assert.Equal("the environment", settings.Origin);
    }

    [Fact]
    public void The_context_window_can_be_set_in_the_environment()
    {
        using var home = new TempDirectory();
        var settings = OpenAiSettings.Resolve(Env(home, ("OPENAI_BASE_URL", "http://localhost:11434/v1"), ("TAILOR_CHAT_MODEL", "my-model"), ("TAILOR_CONTEXT_WINDOW", "32768")));
        Assert.Equal(32_768, settings.ContextWindow);
    }

    [Fact]
    public void The_environment_wins_over_the_config_file()
    {
        using var home = new TempDirectory();
        var file = Path.Combine(home.Path, "config.json");
        File.WriteAllText(file, """
            // comments are allowed
            { "openai": { "apiKey": "file-key", "chatModel": "gpt-4o-mini", "timeoutSeconds": 5, "maxRetries": 1 } }
            """);
        var settings = OpenAiSettings.Resolve(Env(home, ("TAILOR_CONFIG", file), ("TAILOR_CHAT_MODEL", "gpt-4.1")));
        Assert.Equal("file-key", settings.ApiKey);
        Assert.Equal("gpt-4.1", settings.ChatModel);
        Assert.Equal(TimeSpan.FromSeconds(5), settings.Timeout);
        Assert.Equal(1, settings.MaxRetries);
        Assert.Contains(file, settings.Origin);
    }

    [Fact]
    public void The_config_file_is_found_under_the_home_config_folder()
    {
        using var home = new TempDirectory();
        Directory.CreateDirectory(Path.Combine(home.Path, ".config", "tailor"));
        File.WriteAllText(Path.Combine(home.Path, ".config", "tailor", "config.json"), """{ "openai": { "baseUrl": "http://127.0.0.1:8000/v1", "embeddingModel": "bge" } }""");
        var settings = OpenAiSettings.Resolve(Env(home));
        Assert.Equal("bge", settings.EmbeddingModel);
        Assert.True(settings.HasEmbeddingModel);
    }

    [Fact]
    public void Azure_takes_its_own_key_and_api_version()
    {
        using var home = new TempDirectory();
        var settings = OpenAiSettings.Resolve(Env(home,
            ("AZURE_OPENAI_ENDPOINT", "https://example.openai.azure.com"), ("AZURE_OPENAI_API_KEY", "azure-key"),
            ("OPENAI_API_KEY", "openai-key"), ("AZURE_OPENAI_API_VERSION", "2025-01-01"), ("TAILOR_CHAT_MODEL", "my-deployment")));
        Assert.True(settings.IsAzure);
        Assert.Equal("azure-key", settings.ApiKey);
        Assert.Equal("2025-01-01", settings.AzureApiVersion);
    }

    [Theory]
    [InlineData("OPENAI_BASE_URL", "localhost:11434")]
    [InlineData("OPENAI_BASE_URL", "ftp://example.com/v1")]
    [InlineData("TAILOR_EMBEDDING_DIMENSIONS", "-3")]
    [InlineData("TAILOR_CONTEXT_WINDOW", "0")]
    [InlineData("TAILOR_CONFIG", "does-not-exist.json")]
    public void Bad_values_name_the_setting(string key, string value)
    {
        using var home = new TempDirectory();
        var ex = Assert.Throws<TailorException>(() => OpenAiSettings.Resolve(Env(home, (key, value))));
        Assert.Contains(key, ex.Message);
    }

    [Fact]
    public void One_config_file_holds_the_openai_and_rerank_sections_and_an_edit_is_read_again()
    {
        using var home = new TempDirectory();
        var file = Path.Combine(home.Path, "config.json");
        File.WriteAllText(file, """{ "openai": { "chatModel": "m1" }, "rerank": { "url": "http://rr:1/", "timeoutSeconds": 3 } }""");
        var env = Env(home, ("TAILOR_CONFIG", file));
        Assert.Equal("m1", OpenAiSettings.Resolve(env).ChatModel);
        var rerank = RerankSettings.Resolve(env);
        Assert.Equal(new Uri("http://rr:1/rerank"), rerank.Endpoint);
        Assert.Equal(TimeSpan.FromSeconds(3), rerank.Timeout);

        File.WriteAllText(file, """{ "openai": { "chatModel": "model-two" } }""");
        File.SetLastWriteTimeUtc(file, DateTime.UtcNow.AddMinutes(1));
        Assert.Equal("model-two", OpenAiSettings.Resolve(env).ChatModel);
        Assert.False(RerankSettings.Resolve(env).IsConfigured);
    }

    [Fact]
    public void A_broken_config_file_is_named()
    {
        using var home = new TempDirectory();
        var file = Path.Combine(home.Path, "bad.json");
        File.WriteAllText(file, "{ \"openai\": { \"apiKey\": ");
        var ex = Assert.Throws<TailorException>(() => OpenAiSettings.Resolve(Env(home, ("TAILOR_CONFIG", file))));
        Assert.Contains(file, ex.Message);
    }
}
