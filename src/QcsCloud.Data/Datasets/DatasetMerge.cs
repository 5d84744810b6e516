using QcsCloud.Core;

namespace QcsCloud.Data.Datasets;

/// <summary>
/// The paper adds the Fear, Disgust and Contempt training images of RAF-DB and FERPlus to AffectNet training.
/// Classes are matched by name ("Fear" is Fear everywhere); ids get the source dataset as a prefix.
/// </summary>
public static class DatasetMerge
{
    /// <summary>The classes the paper borrows for AffectNet.</summary>
    public static readonly string[] RareAffectNetClasses = ["Fear", "Disgust", "Contempt"];

    /// <summary>
    /// A copy of <paramref name="target"/> whose training split also holds <paramref name="source"/>'s training images
    /// of <paramref name="classNames"/> (names the source lacks are ignored; names the target lacks are an error).
    /// </summary>
    public static LoadedDataset AddTrainingClasses(LoadedDataset target, LoadedDataset source, IEnumerable<string> classNames)
    {
        var map = new Dictionary<int, int>();
        foreach (var name in classNames)
        {
            var to = IndexOf(target.ClassNames, name);
            if (to < 0) throw new ArgumentException($"Class '{name}' is not a class of {DatasetCatalog.Name(target.Kind)} ({string.Join(", ", target.ClassNames)})");
            var from = IndexOf(source.ClassNames, name);
            if (from >= 0) map[from] = to;
        }
        var prefix = DatasetCatalog.Name(source.Kind) + ":";
        var added = source.Samples
            .Where(s => s.Split == DatasetSplit.Train && map.ContainsKey(s.Label))
            .Select(s => s with { Id = prefix + s.Id, Label = map[s.Label] })
            .ToArray();
        var samples = target.Samples.Concat(added).ToArray();
        var counts = new Dictionary<string, IReadOnlyDictionary<string, int>>(target.Report.Counts);
        var train = target.ClassNames.ToDictionary(n => n, _ => 0);
        foreach (var s in samples) if (s.Split == DatasetSplit.Train) train[target.ClassNames[s.Label]]++;
        counts[DatasetBuilder.SplitName(DatasetSplit.Train)] = train;
        var addedCounts = new Dictionary<string, int>(target.Report.Added ?? new Dictionary<string, int>());
        foreach (var group in added.GroupBy(s => s.Label))
            addedCounts[$"{DatasetCatalog.Name(source.Kind)} {target.ClassNames[group.Key]}"] = group.Count();
        var report = target.Report with { Counts = counts, Added = addedCounts };
        return new LoadedDataset(target.Kind, target.Root, target.ClassNames, samples, report);
    }

    private static int IndexOf(IReadOnlyList<string> names, string name)
    {
        for (var i = 0; i < names.Count; i++)
            if (string.Equals(Canonical(names[i]), Canonical(name), StringComparison.OrdinalIgnoreCase)) return i;
        return -1;
    }

    /// <summary>FERPlus says Happiness/Sadness where the others say Happy/Sad.</summary>
    private static string Canonical(string name) => name.ToLowerInvariant() switch
    {
        "happiness" => "happy",
        "sadness" => "sad",
        var n => n,
    };
}
