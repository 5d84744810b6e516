using QcsCloud.Core;

namespace QcsCloud.Training.Explain;

/// <summary>
/// <c>explain.json</c>, written last by <c>qcs explain</c> beside its PNGs. The report reads <c>figures[].file</c> and
/// <c>figures[].caption</c> (and <c>dataset</c>), so those names are part of the contract.
/// </summary>
public sealed record ExplainIndex(
    string Checkpoint,
    string Dataset,
    TrainingMode Mode,
    string Split,
    IReadOnlyList<string> ClassNames,
    IReadOnlyList<ExplainFigure> Figures)
{
    public const string FileName = BlobLayout.ExplainIndexFile;
}
