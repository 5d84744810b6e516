using QcsCloud.Core;
using QcsCloud.Data.Datasets;
using QcsCloud.Data.Readers;
using QcsCloud.Data.Synthetic;

namespace QcsCloud.Training.Tests;

/// <summary>Synthetic datasets in the official layouts, written once per test run and shared by the tests.</summary>
internal static class SyntheticData
{
    private static readonly Dictionary<(DatasetKind, int), string> Written = new();

    public static LoadedDataset Load(DatasetKind kind, int perClass)
    {
        lock (Written)
        {
            if (!Written.TryGetValue((kind, perClass), out var root))
            {
                root = Path.Combine(Path.GetTempPath(), $"qcs-training-tests-{Environment.ProcessId}", $"{DatasetCatalog.Name(kind)}-{perClass}");
                if (Directory.Exists(root)) Directory.Delete(root, true);
                SyntheticDatasetWriter.Write(kind, root, perClass, seed: 7);
                Written[(kind, perClass)] = root;
            }
            return DatasetReader.Read(kind, root, DatasetReadOptions.Strict);
        }
    }

    public static void DeleteAll()
    {
        var dir = Path.Combine(Path.GetTempPath(), $"qcs-training-tests-{Environment.ProcessId}");
        if (Directory.Exists(dir)) Directory.Delete(dir, true);
    }
}
