namespace QcsCloud.Model;

/// <summary>
/// What a weight import did. <see cref="Missing"/> lists the target keys in scope (the IR-50 keys for an ir50 file,
/// every key otherwise) that the file did not provide; <see cref="Unused"/> the file's keys that went nowhere,
/// of which <see cref="KnownUnused"/> are modules the reference builds but never runs.
/// </summary>
public sealed record WeightImportReport(
    string Source,
    WeightFileKind Kind,
    int Loaded,
    int InScope,
    IReadOnlyList<string> Missing,
    IReadOnlyList<string> Unused,
    int KnownUnused)
{
    /// <summary>One line for logs: <c>ir50.pth (Ir50): loaded 270 of 270 keys, 0 missing, 3 unused (3 never run in the reference)</c>.</summary>
    public string Summary =>
        $"{Source} ({Kind}): loaded {Loaded} of {InScope} keys, {Missing.Count} missing, {Unused.Count} unused ({KnownUnused} never run in the reference)";

    public override string ToString() => Summary;
}
