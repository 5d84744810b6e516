using QcsCloud.Core;
using QcsCloud.Data.Synthetic;

namespace QcsCloud.Data.Tests;

/// <summary>Synthetic datasets written once per test run and shared by read-only tests.</summary>
internal static class SyntheticData
{
    private static readonly Dictionary<(DatasetKind, int, bool), string> Cache = [];
    private static readonly string Root = Path.Combine(Path.GetTempPath(), $"qcs-data-shared-{Environment.ProcessId}");

    public static string Get(DatasetKind kind, int perClass = 6, bool ferFolders = false)
    {
        lock (Cache)
        {
            if (Cache.TryGetValue((kind, perClass, ferFolders), out var dir)) return dir;
            dir = Path.Combine(Root, $"{DatasetCatalog.Name(kind)}-{perClass}{(ferFolders ? "-folders" : "")}");
            if (Directory.Exists(dir)) Directory.Delete(dir, true);
            SyntheticDatasetWriter.Write(kind, dir, perClass, seed: 7, new SyntheticOptions(FerPlusImageFolders: ferFolders));
            Cache[(kind, perClass, ferFolders)] = dir;
            return dir;
        }
    }

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

    public static void Cleanup()
    {
        try { if (Directory.Exists(Root)) Directory.Delete(Root, true); } catch (IOException) { }
    }
}
