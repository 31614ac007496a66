using Tailor.Ingestion;
using Tailor.Testing;

namespace Tailor.Tests.Ingestion;

public sealed class SourceEnumeratorTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    private static bool Supported(string ext) => ext is ".md" or ".txt" or ".html" or ".jsonl";

    [Fact]
    public void Walks_folders_recursively_with_relative_ids_and_skips_hidden_entries()
    {
        _temp.Write("root/a.md", "a");
        _temp.Write("root/sub/b.txt", "b");
        _temp.Write("root/.git/config.md", "hidden");
        _temp.Write("root/image.png", "not text");
        var (files, failures, roots) = new SourceEnumerator(new IngestOptions(), Supported).Enumerate([_temp.File("root")]);
        Assert.Equal(["a.md", "sub/b.txt"], files.Select(f => f.RelativeId));
        Assert.Empty(failures);
        Assert.Equal([_temp.File("root")], roots);
    }

    [Fact]
    public void A_single_file_is_its_own_root_and_missing_paths_fail_clearly()
    {
        var file = _temp.Write("x/one.md", "1");
        var (files, failures, _) = new SourceEnumerator(new IngestOptions(), Supported).Enumerate([file, _temp.File("missing")]);
        Assert.Equal("one.md", Assert.Single(files).RelativeId);
        Assert.Contains("no such file", Assert.Single(failures).Error);
    }

    [Fact]
    public void Unsupported_single_files_are_failures_not_silently_dropped()
    {
        var file = _temp.Write("x/photo.png", "png");
        var (files, failures, _) = new SourceEnumerator(new IngestOptions(), Supported).Enumerate([file]);
        Assert.Empty(files);
        Assert.Contains("unsupported", Assert.Single(failures).Error);
    }

    [Fact]
    public void The_knowledge_base_folder_is_never_ingested()
    {
        _temp.Write("root/a.md", "a");
        _temp.Write("root/kb/notes.md", "inside the kb");
        var (files, _, _) = new SourceEnumerator(new IngestOptions(), Supported, _temp.File("root/kb")).Enumerate([_temp.File("root")]);
        Assert.Equal(["a.md"], files.Select(f => f.RelativeId));
    }

    public void Dispose() => _temp.Dispose();
}
