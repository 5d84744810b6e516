namespace QcsCloud.Core;

/// <summary>
/// One cell of a plan's grid: a mode and, when the plan names variants, one variant. Every arm trains every dataset x
/// seed and fine-tunes from its own best pretrain model.
/// </summary>
/// <param name="Mode">Network trained.</param>
/// <param name="Variant">The variant's overrides; null in a plan without variants.</param>
/// <param name="LayoutName">The arm's segment in job names and blob folders (<c>qcs</c>, <c>dcs-lr-high</c>); null for the
/// only arm of a plan with one mode and no variants, whose jobs keep the names and folders runs had before grids.</param>
public sealed record PlanArm(TrainingMode Mode, PlanVariant? Variant, string? LayoutName)
{
    /// <summary><c>qcs</c> or <c>qcs-&lt;variant&gt;</c>: the arm's name in reports, whether or not it is in the layout.</summary>
    public string Name => ArmName(Mode, Variant?.Name);

    public static string ModeName(TrainingMode mode) => mode.ToString().ToLowerInvariant();

    public static string ArmName(TrainingMode mode, string? variant) => variant is null ? ModeName(mode) : $"{ModeName(mode)}-{variant}";
}
