namespace QcsCloud.Data.Datasets;

/// <summary>A rejected dataset entry: the file and 1-based line (0 when the whole file is meant) and why.</summary>
public sealed record BadEntry(string File, int Line, string Reason)
{
    public override string ToString() => Line > 0 ? $"{File}:{Line}: {Reason}" : $"{File}: {Reason}";
}
