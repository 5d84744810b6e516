using QcsCloud.Core;

namespace QcsCloud.Data.Datasets;

/// <summary>A validated dataset: class names in the reference order, samples of every split, and the read report.</summary>
public sealed class LoadedDataset(DatasetKind kind, string root, IReadOnlyList<string> classNames, IReadOnlyList<Sample> samples, DatasetReadReport report)
{
    public DatasetKind Kind { get; } = kind;
    public string Root { get; } = root;
    public IReadOnlyList<string> ClassNames { get; } = classNames;
    public IReadOnlyList<Sample> Samples { get; } = samples;
    public DatasetReadReport Report { get; } = report;
    public int NumClasses => ClassNames.Count;

    /// <summary>The samples of one split, in file order.</summary>
    public IReadOnlyList<Sample> Split(DatasetSplit split) => Samples.Where(s => s.Split == split).ToArray();

    /// <summary>Samples per class in one split (index = label).</summary>
    public int[] ClassCounts(DatasetSplit split)
    {
        var counts = new int[NumClasses];
        foreach (var s in Samples) if (s.Split == split) counts[s.Label]++;
        return counts;
    }
}
