namespace QcsCloud.Core;

/// <summary>
/// A named recipe variation of a grid plan (<see cref="RunPlan.Variants"/>): every mode of the plan is trained once
/// per variant, with these fields replacing the plan's own. Null fields keep the plan's value.
/// </summary>
/// <param name="Name">1-24 lower-case letters, digits and '-'; part of job names and blob folders (<c>qcs-&lt;name&gt;</c>).</param>
/// <param name="LearningRate">Trainer <c>--lr</c>.</param>
/// <param name="BatchSize">Trainer <c>--batch-size</c>.</param>
/// <param name="Epochs">Epochs of phase 1 (and of phase 2 unless <see cref="FineTuneEpochs"/> is set).</param>
/// <param name="FineTuneEpochs">Epochs of phase 2.</param>
/// <param name="Network"><c>paper</c> or <c>tiny</c>.</param>
/// <param name="ImageSize">Trainer <c>--image-size</c>.</param>
/// <param name="Recipe">Trainer <c>--recipe</c>.</param>
/// <param name="StepsPerEpoch">Trainer <c>--steps-per-epoch</c>.</param>
public sealed record PlanVariant(
    string Name,
    double? LearningRate = null,
    int? BatchSize = null,
    int? Epochs = null,
    int? FineTuneEpochs = null,
    string? Network = null,
    int? ImageSize = null,
    string? Recipe = null,
    int? StepsPerEpoch = null)
{
    public const int MaxNameLength = 24;
}
