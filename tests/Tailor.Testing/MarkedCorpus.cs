namespace Tailor.Testing;

/// <summary>
/// A corpus for crash tests: documents spread over ten folders, each with a marker word of its own
/// (<c>tok00042x</c>) and long random sections, so an ingest takes many batches and every document can be found alone.
/// </summary>
public static class MarkedCorpus
{
    private static readonly string[] Words = ["river", "stone", "ledger", "harbor", "signal", "copper", "meadow", "engine", "lantern", "orchid", "quartz", "vessel"];

    /// <summary>The marker word of document <paramref name="i"/>.</summary>
    public static string Marker(int i) => $"tok{i:D5}x";

    /// <summary>Writes <paramref name="files"/> documents under <paramref name="folder"/> of <paramref name="temp"/>, each with <paramref name="sections"/> sections after its first.</summary>
    public static void Write(TempDirectory temp, string folder, int files, int sections)
    {
        var rng = new Random(7);
        for (int i = 0; i < files; i++)
        {
            var body = string.Join(' ', Enumerable.Range(0, 300).Select(_ => Words[rng.Next(Words.Length)]));
            var text = new System.Text.StringBuilder($"# Document {i}\n\nUnique marker {Marker(i)}.\n\n{body}\n");
            foreach (var heading in new[] { "Details", "More", "Notes" }.Take(sections)) text.Append($"\n## {heading}\n\n{body}\n");
            temp.Write($"{folder}/part{i % 10}/doc{i:D5}.md", text.ToString());
        }
    }
}
