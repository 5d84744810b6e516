using QcsCloud.Core;
using QcsCloud.Data.Datasets;
using QcsCloud.Data.Readers;
using QcsCloud.Tests.Shared;

namespace QcsCloud.Training.Tests;

/// <summary>Synthetic datasets in the official layouts, written once per test run and shared by the tests.</summary>
internal static class SyntheticData
{
    private static readonly SyntheticDatasetCache Cache = new("training-tests");

    public static LoadedDataset Load(DatasetKind kind, int perClass) => DatasetReader.Read(kind, Cache.Get(kind, perClass), DatasetReadOptions.Strict);

    public static void DeleteAll() => Cache.DeleteAll();
}
