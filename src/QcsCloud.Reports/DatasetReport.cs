using QcsCloud.Core;

namespace QcsCloud.Reports;

/// <summary>One dataset of the run: its classes and the phases trained on it.</summary>
/// <param name="Dataset">Canonical name (<c>rafdb</c>, <c>ferplus</c>, <c>affectnet7</c>, <c>affectnet8</c>) or a generic dataset's name.</param>
/// <param name="ClassNames">Class names in label order (the order of every per-class list and confusion matrix).</param>
/// <param name="Phases">Pretrain (from ir50) and, when planned, fine-tune from AffectNet-8.</param>
public sealed record DatasetReport(string Dataset, IReadOnlyList<string> ClassNames, IReadOnlyList<PhaseReport> Phases)
{
    /// <summary>The published numbers for this dataset, or null for datasets the paper does not use.</summary>
    public PaperResult? Paper => DatasetCatalog.TryParse(Dataset, out var kind) ? DatasetCatalog.PaperResult(kind) : null;
}
