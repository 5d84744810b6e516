using System.Globalization;
using QcsCloud.Core;

namespace QcsCloud.Reports;

/// <summary>How numbers and names read in the report: accuracies as percent with two decimals, invariant culture.</summary>
internal static class Format
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static string Pct(double fraction) => (100 * fraction).ToString("0.00", Inv);

    public static string Pct(double? fraction) => fraction is { } f ? Pct(f) : "–";

    public static string Percent(double? percent) => percent is { } p ? p.ToString("0.00", Inv) : "–";

    public static string Signed(double percentPoints) =>
        (percentPoints >= 0 ? "+" : "−") + Math.Abs(percentPoints).ToString("0.00", Inv);

    public static string Number(double value, string format = "0.###") => value.ToString(format, Inv);

    /// <summary>metrics.json counts epochs from 0 (the checkpoint's resume position); people count from 1, as the trainer's log does.</summary>
    public static int EpochNumber(int epoch) => epoch + 1;

    public static string Phase(TrainPhase phase) => phase switch
    {
        TrainPhase.Pretrain => "from scratch",
        TrainPhase.FineTune => "fine-tuned from AffectNet-8",
        _ => phase.ToString(),
    };

    public static string Mode(TrainingMode mode) => mode switch
    {
        TrainingMode.Baseline => "baseline",
        TrainingMode.Dcs => "DCS",
        TrainingMode.Qcs => "QCS",
        _ => mode.ToString(),
    };

    /// <summary>The method, and the variant in a grid run: <c>QCS</c>, <c>QCS · lr-high</c>.</summary>
    public static string Arm(PhaseReport phase) => Arm(phase.Mode, phase.Variant);

    public static string Arm(TrainingMode mode, string? variant) => variant is null ? Mode(mode) : $"{Mode(mode)} · {variant}";

    public static string Utc(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", Inv);

    /// <summary>The paper's accuracy (%) for the same method and phase, or null when it publishes none.</summary>
    public static double? PaperAccuracy(PaperResult? paper, TrainingMode mode, TrainPhase phase) => paper is null ? null : (mode, phase) switch
    {
        (TrainingMode.Qcs, TrainPhase.FineTune) => paper.QcsFineTunedFromAffectNet8,
        (TrainingMode.Qcs, TrainPhase.Pretrain) => paper.Qcs,
        (TrainingMode.Dcs, TrainPhase.Pretrain) => paper.Dcs,
        _ => null,
    };
}
