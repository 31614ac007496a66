namespace Tailor.Testing;

/// <summary>Finds the repository root (the folder holding Tailor.slnx) and the shared data beside it.</summary>
public static class RepoPaths
{
    private static readonly Lazy<string> RootLazy = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Tailor.slnx"))) return dir.FullName;
        }
        var built = typeof(RepoPaths).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false)
            .Cast<System.Reflection.AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == "RepoRoot")?.Value;
        if (built != null && File.Exists(Path.Combine(built, "Tailor.slnx"))) return built;
        throw new InvalidOperationException("Tailor.slnx not found above " + AppContext.BaseDirectory);
    });

    /// <summary>The repository root.</summary>
    public static string Root => RootLazy.Value;

    /// <summary>The shared folder beside the repository (../shared), holding evaluation data and vocabularies.</summary>
    public static string Shared => Path.GetFullPath(Path.Combine(Root, "..", "shared"));

    public static string Cisi => Path.Combine(Shared, "data", "eval", "cisi");

    public static string Tokenizers => Path.Combine(Shared, "data", "tokenizers");

    public static string Samples => Path.Combine(Root, "samples");
}
