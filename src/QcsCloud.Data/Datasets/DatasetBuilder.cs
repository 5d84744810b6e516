using QcsCloud.Core;
using QcsCloud.Data.Images;

namespace QcsCloud.Data.Datasets;

/// <summary>
/// Collects the entries a reader parses, validates them (label range, duplicates, image files, empty classes) and
/// either throws one <see cref="DatasetFormatException"/> listing every problem or skips them into the report.
/// </summary>
internal sealed class DatasetBuilder(DatasetKind kind, string root, IReadOnlyList<string> classNames, DatasetReadOptions options)
{
    private readonly List<(Sample Sample, string File, int Line)> pending = [];
    private readonly List<BadEntry> bad = [];
    private readonly Dictionary<string, (string File, int Line)> seen = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, int> dropped = new(StringComparer.Ordinal);

    public DatasetReadOptions Options => options;

    public void Bad(string file, int line, string reason) => bad.Add(new BadEntry(file, line, reason));

    /// <summary>Counts an entry the dataset's own rules exclude (not an error).</summary>
    public void Drop(string reason) => dropped[reason] = dropped.GetValueOrDefault(reason) + 1;

    public void Add(string file, int line, string id, int label, DatasetSplit split, ImageSource image)
    {
        if (label < 0 || label >= classNames.Count)
        {
            Bad(file, line, $"label {label} is out of range 0..{classNames.Count - 1} ({string.Join(", ", classNames)})");
            return;
        }
        if (seen.TryGetValue(id, out var first))
        {
            Bad(file, line, $"duplicate entry '{id}' (first at {first.File}:{first.Line})");
            return;
        }
        seen[id] = (file, line);
        pending.Add((new Sample(id, label, split, image), file, line));
    }

    /// <summary>Checks image files, then fails or skips; empty training classes always fail.</summary>
    public LoadedDataset Build(string labelFile)
    {
        var imageOk = new bool[pending.Count];
        var imageError = new string?[pending.Count];
        Parallel.For(0, pending.Count, i =>
        {
            if (pending[i].Sample.Image is not FileImageSource file) { imageOk[i] = true; return; }
            try
            {
                if (!File.Exists(file.Path)) imageError[i] = $"image file not found: {file.Path}";
                else if (options.CheckImages == ImageCheck.Header)
                {
                    var (width, height) = ImageDecoder.ReadHeader(file.Path);
                    if (file.Crop is { } box) imageError[i] = box.OutsideProblem(width, height);
                }
                imageOk[i] = imageError[i] is null;
            }
            catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
            {
                imageError[i] = $"image file unreadable: {e.Message}";
            }
        });
        var samples = new List<Sample>(pending.Count);
        for (var i = 0; i < pending.Count; i++)
        {
            if (imageOk[i]) samples.Add(pending[i].Sample);
            else Bad(pending[i].File, pending[i].Line, imageError[i]!);
        }
        if (bad.Count > 0 && !options.SkipBad) throw new DatasetFormatException(bad);

        var trainCounts = new int[classNames.Count];
        foreach (var s in samples) if (s.Split == DatasetSplit.Train) trainCounts[s.Label]++;
        var empty = Enumerable.Range(0, classNames.Count).Where(c => trainCounts[c] == 0).ToArray();
        if (empty.Length > 0)
            throw new DatasetFormatException(labelFile, 0,
                $"no training images for class{(empty.Length > 1 ? "es" : "")} {string.Join(", ", empty.Select(c => $"{c} ({classNames[c]})"))}");

        var counts = new SortedDictionary<string, IReadOnlyDictionary<string, int>>(StringComparer.Ordinal);
        foreach (var split in Enum.GetValues<DatasetSplit>())
        {
            var perClass = new int[classNames.Count];
            var any = false;
            foreach (var s in samples) if (s.Split == split) { perClass[s.Label]++; any = true; }
            if (!any) continue;
            var map = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var c = 0; c < classNames.Count; c++) map[classNames[c]] = perClass[c];
            counts[SplitName(split)] = map;
        }
        var report = new DatasetReadReport(DatasetCatalog.Name(kind), root, classNames, counts, dropped, bad.ToArray());
        return new LoadedDataset(kind, root, classNames, samples, report);
    }

    public static string SplitName(DatasetSplit split) => split.ToString().ToLowerInvariant();
}
