namespace QcsCloud.Training.Recipes;

/// <summary>
/// One row of the reference recipe table (docs/method.md section 3). Every field can be overridden on the
/// command line; the resolved values go into <see cref="TrainingConfig"/> and every checkpoint's provenance.
/// </summary>
/// <param name="Transform">Transform preset of the data library: <c>rafdb</c>, <c>ferplus</c> or <c>affectnet</c>.</param>
/// <param name="EpochFraction">Share of the training set drawn per epoch (AffectNet: 1/12, rebuilt every epoch). The sampler itself
/// follows from the dataset and mode (<c>Samplers.ForTraining</c>), not from the recipe.</param>
/// <param name="CrossDropout">Dropout inside VIT_cross.</param>
/// <param name="CrossAttnProjDropout">Dropout after VIT_cross's attention projection (FERPlus recipe).</param>
public sealed record TrainingRecipe(
    string Name,
    int BatchSize,
    double LearningRate,
    int Epochs,
    double CrossDropout,
    double CrossAttnProjDropout,
    string Transform,
    double EpochFraction = 1.0)
{
    public void Validate()
    {
        if (BatchSize < 1) throw new ArgumentException($"Recipe '{Name}': BatchSize ({BatchSize}) must be at least 1");
        if (!(LearningRate > 0)) throw new ArgumentException($"Recipe '{Name}': LearningRate ({LearningRate}) must be > 0");
        if (Epochs < 1) throw new ArgumentException($"Recipe '{Name}': Epochs ({Epochs}) must be at least 1");
        if (!(CrossDropout >= 0 && CrossDropout < 1)) throw new ArgumentException($"Recipe '{Name}': CrossDropout ({CrossDropout}) must be in [0, 1)");
        if (!(CrossAttnProjDropout >= 0 && CrossAttnProjDropout < 1))
            throw new ArgumentException($"Recipe '{Name}': CrossAttnProjDropout ({CrossAttnProjDropout}) must be in [0, 1)");
        if (!(EpochFraction > 0 && EpochFraction <= 1)) throw new ArgumentException($"Recipe '{Name}': EpochFraction ({EpochFraction}) must be in (0, 1]");
        if (string.IsNullOrWhiteSpace(Transform)) throw new ArgumentException($"Recipe '{Name}': Transform is empty");
    }
}
