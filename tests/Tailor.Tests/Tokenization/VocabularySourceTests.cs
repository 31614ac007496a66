using System.Net;
using System.Net.Sockets;
using Tailor.Testing;
using Tailor.Tokenization;

namespace Tailor.Tests.Tokenization;

/// <summary>Where rank files are found: explicit folder, environment folder, cache, download (local server only).</summary>
public sealed class VocabularySourceTests
{
    [Fact]
    public void Explicit_folder_then_environment_folder_then_cache()
    {
        using var root = new TempDirectory();
        var encoding = TinyVocabulary.Encoding();
        var explicitFile = root.Write("explicit/tiny.tiktoken", TinyVocabulary.Content());
        var envFile = root.Write("env/tiny.tiktoken", TinyVocabulary.Content());
        var cacheFile = root.Write("cache/tiny.tiktoken", TinyVocabulary.Content());
        var source = new VocabularySource
        {
            ExplicitDirectory = root.File("explicit"),
            EnvironmentDirectory = root.File("env"),
            CacheDirectory = root.File("cache"),
            AllowDownload = false,
        };
        Assert.Equal(explicitFile, source.Resolve(encoding));
        File.Delete(explicitFile);
        Assert.Equal(envFile, source.Resolve(encoding));
        File.Delete(envFile);
        Assert.Equal(cacheFile, source.Resolve(encoding));
        File.Delete(cacheFile);
        var ex = Assert.Throws<TailorException>(() => source.Resolve(encoding));
        Assert.Contains(explicitFile, ex.Message);
        Assert.Contains(envFile, ex.Message);
        Assert.Contains(cacheFile, ex.Message);
        Assert.Contains("TAILOR_TOKENIZER_DIR=", ex.Message);
        Assert.Contains(VocabularySource.OfflineVariable, ex.Message);
    }

    [Fact]
    public void A_cached_file_with_the_wrong_hash_is_not_used()
    {
        using var root = new TempDirectory();
        root.Write("cache/tiny.tiktoken", TinyVocabulary.Content());
        var source = new VocabularySource { CacheDirectory = root.File("cache"), AllowDownload = false };
        Assert.False(source.TryResolve(TinyVocabulary.Encoding(sha256: new string('0', 64)), out var path, out var problem));
        Assert.Null(path);
        Assert.Contains("not available", problem);
        Assert.True(source.TryResolve(TinyVocabulary.Encoding(sha256: BpeRanks.Sha256Hex(TinyVocabulary.Bytes)), out path, out _));
        Assert.Equal(root.File("cache/tiny.tiktoken"), path);
    }

    [Fact]
    public void Downloads_into_the_cache_after_verifying_the_hash()
    {
        using var root = new TempDirectory();
        using var server = new LocalFileServer(TinyVocabulary.Bytes);
        var encoding = TinyVocabulary.Encoding("tiny-download-ok", BpeRanks.Sha256Hex(TinyVocabulary.Bytes));
        var source = new VocabularySource { CacheDirectory = root.File("cache"), DownloadBaseUrl = server.BaseUrl };
        var path = source.Resolve(encoding);
        Assert.Equal(root.File("cache/tiny-download-ok.tiktoken"), path);
        Assert.Equal(TinyVocabulary.Bytes, File.ReadAllBytes(path));
        Assert.Equal(["/tiny-download-ok.tiktoken"], server.Requests);
        Assert.Single(Directory.GetFiles(root.File("cache"))); // no temporary files left behind
        Assert.Equal(path, source.Resolve(encoding)); // now served from the cache
        Assert.Single(server.Requests);
        var tokenizer = TokenizerRegistry.Get(encoding, source);
        Assert.Equal([257], tokenizer.EncodeOrdinary("abc"));
    }

    [Fact]
    public void A_download_with_the_wrong_hash_is_rejected_and_not_cached()
    {
        using var root = new TempDirectory();
        using var server = new LocalFileServer(TinyVocabulary.Bytes);
        var encoding = TinyVocabulary.Encoding("tiny-download-bad", new string('a', 64));
        var source = new VocabularySource { CacheDirectory = root.File("cache"), DownloadBaseUrl = server.BaseUrl };
        var ex = Assert.Throws<TailorException>(() => source.Resolve(encoding));
        Assert.Contains("SHA-256", ex.Message);
        Assert.Contains(BpeRanks.Sha256Hex(TinyVocabulary.Bytes), ex.Message);
        Assert.False(File.Exists(root.File("cache/tiny-download-bad.tiktoken")));
    }

    [Fact]
    public void A_failed_download_says_what_failed()
    {
        using var root = new TempDirectory();
        using var server = new LocalFileServer(null); // answers 404
        var source = new VocabularySource { CacheDirectory = root.File("cache"), DownloadBaseUrl = server.BaseUrl };
        var ex = Assert.Throws<TailorException>(() => source.Resolve(TinyVocabulary.Encoding("tiny-404")));
        Assert.Contains("404", ex.Message);
        Assert.Contains("tiny-404.tiktoken", ex.Message);
    }

    [Fact]
    public void The_default_cache_follows_xdg_cache_home()
    {
        var dir = VocabularySource.DefaultCacheDirectory();
        Assert.NotNull(dir);
        Assert.EndsWith(Path.Combine("tailor", "tokenizers"), dir);
    }

    [Fact]
    public void Chunking_counts_with_cl100k_when_the_vocabulary_is_found()
    {
        var counter = TokenCounters.ForChunking(new VocabularySource { ExplicitDirectory = RepoPaths.Tokenizers, AllowDownload = false }, _ => Assert.Fail("no notice expected"), out bool estimated);
        Assert.False(estimated);
        Assert.Equal("cl100k_base", counter.Name);
        Assert.Equal(4, counter.CountTokens("Hello, world!"));
        Assert.Same(counter, TokenizerRegistry.Get("cl100k_base", RepoPaths.Tokenizers));
    }

    /// <summary>Serves one file (or 404) on 127.0.0.1 and records the request paths.</summary>
    private sealed class LocalFileServer : IDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly byte[]? _content;
        private readonly Task _loop;

        public LocalFileServer(byte[]? content)
        {
            _content = content;
            BaseUrl = LocalPorts.StartHttpListener(_listener);
            _loop = Task.Run(Serve);
        }

        public string BaseUrl { get; }

        public List<string> Requests { get; } = [];

        private async Task Serve()
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try { context = await _listener.GetContextAsync(); }
                catch (Exception) { return; }
                lock (Requests) Requests.Add(context.Request.Url!.AbsolutePath);
                if (_content == null) context.Response.StatusCode = 404;
                else await context.Response.OutputStream.WriteAsync(_content);
                context.Response.Close();
            }
        }

        public void Dispose()
        {
            _listener.Stop();
            _listener.Close();
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
    }
}
