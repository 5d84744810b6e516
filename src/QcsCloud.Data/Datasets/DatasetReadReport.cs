namespace QcsCloud.Data.Datasets;

/// <summary>
/// What a reader found (machine-readable, serialised with <c>QcsJson</c>): counts per split per class, the entries
/// dropped by the dataset's own rules (FERPlus NF/unknown/no majority, AffectNet labels 8-10), and the bad entries
/// skipped under <see cref="DatasetReadOptions.SkipBad"/>. Nothing is dropped without being counted here.
/// </summary>
/// <param name="Counts">split name -> class name -> count.</param>
/// <param name="DroppedByRule">reason -> count.</param>
/// <param name="Added">"&lt;source&gt; &lt;class&gt;" -> training images borrowed from another dataset (<see cref="DatasetMerge"/>).</param>
public sealed record DatasetReadReport(
    string Kind,
    string Root,
    IReadOnlyList<string> ClassNames,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> Counts,
    IReadOnlyDictionary<string, int> DroppedByRule,
    IReadOnlyList<BadEntry> Skipped,
    IReadOnlyDictionary<string, int>? Added = null)
{
    public int Total => Counts.Values.Sum(c => c.Values.Sum());
}
