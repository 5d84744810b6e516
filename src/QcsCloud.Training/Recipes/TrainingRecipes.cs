using QcsCloud.Core;
using QcsCloud.Data.Sampling;

namespace QcsCloud.Training.Recipes;

/// <summary>The reference recipes (docs/method.md section 3) by name, and the default one per dataset and mode.</summary>
public static class TrainingRecipes
{
    public static TrainingRecipe DcsRafDb { get; } = new("dcs-rafdb", 48, 9e-6, 200, 0.2, 0, "rafdb");
    public static TrainingRecipe QcsRafDb { get; } = new("qcs-rafdb", 24, 4e-6, 200, 0, 0, "rafdb");
    public static TrainingRecipe QcsRafDbFineTune { get; } = QcsRafDb with { Name = "qcs-rafdb-finetune", LearningRate = 3e-6 };
    public static TrainingRecipe QcsFerPlus { get; } = new("qcs-ferplus", 24, 3.5e-6, 150, 0.2, 0.2, "ferplus");
    public static TrainingRecipe QcsFerPlusFineTune { get; } = QcsFerPlus with { Name = "qcs-ferplus-finetune", LearningRate = 2.5e-6 };
    public static TrainingRecipe QcsAffectNet7 { get; } = new("qcs-affectnet7", 24, 4e-6, 150, 0.4, 0, "affectnet", 1.0 / Samplers.AffectNetEpochDivisor);
    public static TrainingRecipe QcsAffectNet8 { get; } = new("qcs-affectnet8", 24, 4e-6, 100, 0, 0, "affectnet", 1.0 / Samplers.AffectNetEpochDivisor);

    public static IReadOnlyList<TrainingRecipe> All { get; } =
        [DcsRafDb, QcsRafDb, QcsRafDbFineTune, QcsFerPlus, QcsFerPlusFineTune, QcsAffectNet7, QcsAffectNet8];

    public static TrainingRecipe Get(string name) =>
        All.FirstOrDefault(r => string.Equals(r.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"Unknown recipe '{name}'. Known: {string.Join(", ", All.Select(r => r.Name))}");

    /// <summary>
    /// The recipe the paper used for this dataset and mode. DCS has its own row only for RAF-DB; elsewhere DCS and the
    /// baseline use the dataset's QCS row. The generic layout uses the RAF-DB row.
    /// </summary>
    public static TrainingRecipe Default(DatasetKind dataset, TrainingMode mode, bool fineTune) => (dataset, mode, fineTune) switch
    {
        (DatasetKind.RafDb or DatasetKind.Generic, TrainingMode.Dcs, false) => DcsRafDb,
        (DatasetKind.RafDb or DatasetKind.Generic, _, true) => QcsRafDbFineTune,
        (DatasetKind.RafDb or DatasetKind.Generic, _, false) => QcsRafDb,
        (DatasetKind.FerPlus, _, true) => QcsFerPlusFineTune,
        (DatasetKind.FerPlus, _, false) => QcsFerPlus,
        (DatasetKind.AffectNet7, _, _) => QcsAffectNet7,
        (DatasetKind.AffectNet8, _, _) => QcsAffectNet8,
        _ => throw new ArgumentOutOfRangeException(nameof(dataset), dataset, null),
    };
}
