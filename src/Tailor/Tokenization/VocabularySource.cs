using System.Collections.Concurrent;
using Tailor.Storage;

namespace Tailor.Tokenization;

/// <summary>
/// Where rank files come from, in order: an explicit folder (<c>--vocab-dir</c>), the folder in
/// <c>TAILOR_TOKENIZER_DIR</c>, the user cache folder, then a download from OpenAI's public
/// URL, verified by SHA-256 and saved to the cache atomically (as tiktoken does).
/// </summary>
public sealed class VocabularySource
{
    /// <summary>Environment variable naming a folder of rank files.</summary>
    public const string DirectoryVariable = "TAILOR_TOKENIZER_DIR";

    /// <summary>Environment variable that, set to 1/true, forbids downloads.</summary>
    public const string OfflineVariable = "TAILOR_TOKENIZER_OFFLINE";

    // Cache files whose hash was verified in this process, with the size and time they had then.
    private static readonly ConcurrentDictionary<string, (long, DateTime, string)> VerifiedFiles = new();

    // Downloads that failed in this process, by URL: not retried, so an offline machine pays once.
    private static readonly ConcurrentDictionary<string, string> FailedDownloads = new();

    /// <summary>Folder given on the command line or by the caller; looked in first.</summary>
    public string? ExplicitDirectory { get; init; }

    /// <summary>Folder from <see cref="DirectoryVariable"/>; looked in second.</summary>
    public string? EnvironmentDirectory { get; init; }

    /// <summary>The user cache folder; looked in third, and where downloads are saved.</summary>
    public string? CacheDirectory { get; init; }

    /// <summary>Whether a missing rank file may be downloaded.</summary>
    public bool AllowDownload { get; init; } = true;

    /// <summary>Replaces the public base URL (the file name is appended), e.g. for a mirror or a test server.</summary>
    public string? DownloadBaseUrl { get; init; }

    /// <summary>How long a download may take.</summary>
    public TimeSpan DownloadTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>The usual source: <paramref name="vocabDir"/>, then the environment, the user cache, the public URL.</summary>
    public static VocabularySource Default(string? vocabDir = null)
    {
        var env = Environment.GetEnvironmentVariable(DirectoryVariable);
        var offline = Environment.GetEnvironmentVariable(OfflineVariable);
        return new VocabularySource
        {
            ExplicitDirectory = string.IsNullOrWhiteSpace(vocabDir) ? null : vocabDir,
            EnvironmentDirectory = string.IsNullOrWhiteSpace(env) ? null : env,
            CacheDirectory = DefaultCacheDirectory(),
            AllowDownload = !(offline is "1" || string.Equals(offline, "true", StringComparison.OrdinalIgnoreCase)),
        };
    }

    /// <summary><c>$XDG_CACHE_HOME/tailor/tokenizers</c>, else <c>~/.cache/tailor/tokenizers</c> (local application data on Windows).</summary>
    public static string? DefaultCacheDirectory()
    {
        var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        if (!string.IsNullOrWhiteSpace(xdg)) return Path.Combine(xdg, "tailor", "tokenizers");
        if (OperatingSystem.IsWindows())
        {
            var local = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData);
            return string.IsNullOrEmpty(local) ? null : Path.Combine(local, "tailor", "tokenizers");
        }
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return string.IsNullOrEmpty(home) ? null : Path.Combine(home, ".cache", "tailor", "tokenizers");
    }

    /// <summary>Path of the rank file for <paramref name="encoding"/>; throws <see cref="TailorException"/> saying where it looked and what to do.</summary>
    public string Resolve(TokenEncoding encoding)
    {
        if (TryResolve(encoding, out var path, out var problem)) return path!;
        throw new TailorException(problem!);
    }

    /// <summary>As <see cref="Resolve"/>, returning false and a message instead of throwing.</summary>
    public bool TryResolve(TokenEncoding encoding, out string? path, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(encoding);
        var looked = new List<string>();
        foreach (var dir in new[] { ExplicitDirectory, EnvironmentDirectory })
        {
            if (dir == null) continue;
            var candidate = Path.Combine(dir, encoding.FileName);
            if (File.Exists(candidate))
            {
                path = candidate;
                problem = null;
                return true;
            }
            looked.Add(candidate);
        }
        string? cached = CacheDirectory == null ? null : Path.Combine(CacheDirectory, encoding.FileName);
        if (cached != null)
        {
            if (File.Exists(cached) && (encoding.Sha256 == null || HashMatches(cached, encoding.Sha256)))
            {
                path = cached;
                problem = null;
                return true;
            }
            looked.Add(cached);
        }
        string? url = DownloadBaseUrl != null ? DownloadBaseUrl.TrimEnd('/') + "/" + encoding.FileName : encoding.DownloadUrl;
        string why;
        if (!AllowDownload) why = $"downloads are turned off ({OfflineVariable})";
        else if (url == null) why = "the encoding has no download URL";
        else if (cached == null) why = "there is no user cache folder to download into";
        else if (TryDownload(url, cached, encoding, out why))
        {
            path = cached;
            problem = null;
            return true;
        }
        path = null;
        problem = $"The {encoding.Name} vocabulary ({encoding.FileName}) is not available: not found in {string.Join(", ", looked.DefaultIfEmpty("(no folders configured)"))}, and {why}. "
            + $"Put {encoding.FileName} in a folder and set {DirectoryVariable}=DIR, or run once with internet access so it is downloaded to the cache.";
        return false;
    }

    private bool TryDownload(string url, string target, TokenEncoding encoding, out string why)
    {
        if (FailedDownloads.TryGetValue(url, out var earlier))
        {
            why = earlier;
            return false;
        }
        try
        {
            byte[] content = Download(url);
            if (encoding.Sha256 != null)
            {
                var actual = BpeRanks.Sha256Hex(content);
                if (!string.Equals(actual, encoding.Sha256, StringComparison.OrdinalIgnoreCase))
                    throw new TailorException($"the file downloaded from {url} has SHA-256 {actual}, not the expected {encoding.Sha256}, so it was rejected");
            }
            BpeRanks.Parse(content, url); // never cache a file that will not load
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            AtomicFile.Write(target, s => s.Write(content));
            why = "";
            return true;
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or UnauthorizedAccessException or TaskCanceledException or TailorException)
        {
            why = ex is TailorException ? ex.Message : $"downloading {url} failed ({ex.Message})";
            FailedDownloads[url] = why;
            return false;
        }
    }

    private byte[] Download(string url)
    {
        using var http = new HttpClient { Timeout = DownloadTimeout };
        using var response = http.Send(new HttpRequestMessage(HttpMethod.Get, url));
        if (!response.IsSuccessStatusCode)
            throw new HttpRequestException($"HTTP {(int)response.StatusCode} {response.ReasonPhrase}");
        using var stream = response.Content.ReadAsStream();
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return memory.ToArray();
    }

    private static bool HashMatches(string file, string sha256)
    {
        try
        {
            var info = new FileInfo(file);
            var stamp = (info.Length, info.LastWriteTimeUtc, sha256);
            if (VerifiedFiles.TryGetValue(info.FullName, out var seen) && seen == stamp) return true;
            bool ok = string.Equals(BpeRanks.Sha256Hex(File.ReadAllBytes(file)), sha256, StringComparison.OrdinalIgnoreCase);
            if (ok) VerifiedFiles[info.FullName] = stamp;
            return ok;
        }
        catch (IOException)
        {
            return false;
        }
    }
}
