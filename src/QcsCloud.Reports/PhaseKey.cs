using QcsCloud.Core;

namespace QcsCloud.Reports;

/// <summary>Identifies one phase of one dataset (of one arm in a grid run); also the file-name stem of its pictures.</summary>
public readonly record struct PhaseKey(string Dataset, TrainPhase Phase, string? Arm = null)
{
    public string Stem => $"{Slug(Dataset)}-{BlobLayout.PhaseName(Phase)}{(Arm is null ? "" : "-" + Slug(Arm))}";

    public static PhaseKey Of(DatasetReport ds, PhaseReport phase) => new(ds.Dataset, phase.Phase, phase.Arm);

    /// <summary>Lower-case letters, digits and '-' only, so a dataset name can never escape the image folder.</summary>
    public static string Slug(string text)
    {
        var chars = text.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray();
        var slug = new string(chars).Trim('-');
        return slug.Length == 0 ? "dataset" : slug;
    }
}
