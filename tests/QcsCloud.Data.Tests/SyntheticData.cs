using QcsCloud.Core;
using QcsCloud.Data.Synthetic;
using QcsCloud.Tests.Shared;

namespace QcsCloud.Data.Tests;

/// <summary>Synthetic datasets written once per test run and shared by read-only tests.</summary>
internal static class SyntheticData
{
    private static readonly SyntheticDatasetCache Cache = new("data-shared");

    public static string Get(DatasetKind kind, int perClass = 6, bool ferFolders = false) =>
        Cache.Get(kind, perClass, new SyntheticOptions(FerPlusImageFolders: ferFolders));

    /// <summary>A private copy a test may modify.</summary>
    public static TempFolder Copy(DatasetKind kind, int perClass = 6, bool ferFolders = false)
    {
        var source = Get(kind, perClass, ferFolders);
        var temp = new TempFolder(DatasetCatalog.Name(kind));
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(temp.Path, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        return temp;
    }

    public static void Cleanup() => Cache.DeleteAll();
}
