namespace QcsCloud.Data.Datasets;

/// <summary>
/// A dataset failed validation. The message names the file and line of the first problems; <see cref="Entries"/>
/// holds all of them. Reading again with <see cref="DatasetReadOptions.SkipBad"/> skips and reports them instead.
/// </summary>
public sealed class DatasetFormatException : Exception
{
    public DatasetFormatException(IReadOnlyList<BadEntry> entries)
        : base(Format(entries)) => Entries = entries;

    public DatasetFormatException(string file, int line, string reason) : this([new BadEntry(file, line, reason)]) { }

    public IReadOnlyList<BadEntry> Entries { get; }

    private static string Format(IReadOnlyList<BadEntry> entries)
    {
        const int shown = 10;
        var lines = entries.Take(shown).Select(e => "  " + e);
        var more = entries.Count > shown ? $"\n  ... and {entries.Count - shown} more" : "";
        return $"Dataset has {entries.Count} bad entr{(entries.Count == 1 ? "y" : "ies")}:\n{string.Join("\n", lines)}{more}";
    }
}
