using System.Runtime.CompilerServices;
using Tailor.Testing;

namespace Tailor.Evaluation.Tests;

/// <summary>
/// Locates the shared evaluation data through <see cref="RepoPaths"/>; when the tests run from an
/// output folder outside the repository (an artifacts path), falls back to the folder this source
/// file was compiled from.
/// </summary>
internal static class SharedData
{
    public static string Root { get; } = FindRoot();

    public static string Cisi => Path.Combine(Root, "..", "shared", "data", "eval", "cisi");

    public static string Docs => Path.Combine(Root, "docs");

    private static string FindRoot([CallerFilePath] string source = "")
    {
        try
        {
            return RepoPaths.Root;
        }
        catch (InvalidOperationException)
        {
            for (var dir = new DirectoryInfo(Path.GetDirectoryName(source)!); dir != null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Tailor.slnx"))) return dir.FullName;
            }
            throw;
        }
    }
}
