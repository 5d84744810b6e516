namespace QcsCloud.Core;

/// <summary>Class names in the 0-based order the reference lists use (docs/method.md section 4).</summary>
public static class DatasetCatalog
{
    public static IReadOnlyList<string> RafDbClasses { get; } =
        ["Surprise", "Fear", "Disgust", "Happy", "Sad", "Anger", "Neutral"];

    public static IReadOnlyList<string> FerPlusClasses { get; } =
        ["Neutral", "Happiness", "Surprise", "Sadness", "Anger", "Disgust", "Fear", "Contempt"];

    public static IReadOnlyList<string> AffectNet8Classes { get; } =
        ["Neutral", "Happy", "Sad", "Surprise", "Fear", "Disgust", "Anger", "Contempt"];

    public static IReadOnlyList<string> AffectNet7Classes { get; } = AffectNet8Classes.Take(7).ToArray();

    /// <summary>
    /// The canonical name of every dataset kind, in <see cref="DatasetKind"/> order: the one list that help texts and
    /// "unknown dataset" messages show.
    /// </summary>
    public static IReadOnlyList<string> Names { get; } = Enum.GetValues<DatasetKind>().Select(Name).ToArray();

    /// <summary>The names of the kinds with a fixed class list (every kind but <see cref="DatasetKind.Generic"/>).</summary>
    public static IReadOnlyList<string> NamesWithClassList { get; } =
        Enum.GetValues<DatasetKind>().Where(k => k != DatasetKind.Generic).Select(Name).ToArray();

    /// <summary><c>Known: rafdb, ferplus, ...</c> over <see cref="Names"/> (or <see cref="NamesWithClassList"/>).</summary>
    public static string KnownNames(bool withGeneric = true) => $"Known: {string.Join(", ", withGeneric ? Names : NamesWithClassList)}";

    /// <summary>Class names of a dataset kind; the generic layout reads its own <c>classes.txt</c>.</summary>
    public static IReadOnlyList<string> ClassNames(DatasetKind kind) => kind switch
    {
        DatasetKind.RafDb => RafDbClasses,
        DatasetKind.FerPlus => FerPlusClasses,
        DatasetKind.AffectNet7 => AffectNet7Classes,
        DatasetKind.AffectNet8 => AffectNet8Classes,
        _ => throw new ArgumentException($"Dataset kind {kind} has no fixed class list; read classes.txt", nameof(kind)),
    };

    /// <summary>Parses the names users type (<c>rafdb</c>, <c>raf-db</c>, <c>ferplus</c>, <c>affectnet8</c>, ...).</summary>
    public static bool TryParse(string? text, out DatasetKind kind)
    {
        kind = default;
        var key = (text ?? "").Replace("-", "").Replace("_", "").Trim().ToLowerInvariant();
        switch (key)
        {
            case "rafdb": kind = DatasetKind.RafDb; return true;
            case "ferplus": case "fer+": kind = DatasetKind.FerPlus; return true;
            case "affectnet7": kind = DatasetKind.AffectNet7; return true;
            case "affectnet8": kind = DatasetKind.AffectNet8; return true;
            case "generic": case "list": kind = DatasetKind.Generic; return true;
            default: return false;
        }
    }

    public static DatasetKind Parse(string? text) => TryParse(text, out var kind)
        ? kind
        : throw new ArgumentException(
            $"Unknown dataset '{text}'. {KnownNames()}.");

    /// <summary>The canonical lower-case name used in blob paths and on the command line.</summary>
    public static string Name(DatasetKind kind) => kind.ToString().ToLowerInvariant();

    /// <summary>Published accuracy (%) of QCS / DCS on each dataset, docs/method.md section 7.</summary>
    public static PaperResult? PaperResult(DatasetKind kind) => kind switch
    {
        DatasetKind.RafDb => new(Dcs: 92.57, Qcs: 92.50, QcsFineTunedFromAffectNet8: 93.02),
        DatasetKind.FerPlus => new(Dcs: 91.41, Qcs: 91.41, QcsFineTunedFromAffectNet8: 91.85),
        DatasetKind.AffectNet7 => new(Dcs: 67.66, Qcs: 67.94, QcsFineTunedFromAffectNet8: null),
        DatasetKind.AffectNet8 => new(Dcs: 64.40, Qcs: 64.30, QcsFineTunedFromAffectNet8: null),
        _ => null,
    };
}
