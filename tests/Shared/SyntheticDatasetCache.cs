using QcsCloud.Core;
using QcsCloud.Data.Synthetic;

namespace QcsCloud.Tests.Shared;

/// <summary>
/// Synthetic datasets in the official layouts, written once per test process (seed 7) under one temporary folder
/// per owner and shared by the tests that only read them. Linked into each test project that needs it.
/// </summary>
internal sealed class SyntheticDatasetCache(string owner)
{
    private readonly Dictionary<(DatasetKind Kind, int PerClass, SyntheticOptions Options), string> written = [];

    public string Root { get; } = Path.Combine(Path.GetTempPath(), $"qcs-{owner}-{Environment.ProcessId}");

    /// <summary>The folder of a dataset written with these arguments, writing it on first use.</summary>
    public string Get(DatasetKind kind, int perClass, SyntheticOptions? options = null)
    {
        options ??= new SyntheticOptions();
        lock (written)
        {
            if (written.TryGetValue((kind, perClass, options), out var folder)) return folder;
            folder = Path.Combine(Root, $"{DatasetCatalog.Name(kind)}-{perClass}-{written.Count}");
            if (Directory.Exists(folder)) Directory.Delete(folder, true);
            SyntheticDatasetWriter.Write(kind, folder, perClass, seed: 7, options);
            written[(kind, perClass, options)] = folder;
            return folder;
        }
    }

    public void DeleteAll()
    {
        try { if (Directory.Exists(Root)) Directory.Delete(Root, true); }
        catch (IOException) { }                                     // a test host still reading it: the OS temp cleaner will
    }
}
