using QcsCloud.Core;
using QcsCloud.Model;
using QcsCloud.Training.Recipes;

namespace QcsCloud.Training;

/// <summary>
/// Everything a training run is resolved from: the recipe (with any overrides already applied) plus the run's own
/// choices. Written into every checkpoint's provenance; a resumed run must resolve to the same values.
/// </summary>
/// <param name="Network">The network preset (written <c>paper</c> or <c>tiny</c> in JSON and on the command line).</param>
/// <param name="ImageSize">Side of the images the loader delivers; null: the network preset's input size.</param>
/// <param name="StepsPerEpoch">Cap on optimizer steps per epoch (smoke runs, CI); null: the whole epoch.</param>
/// <param name="ValidationFraction">Share of each class's training images held out (stratified, seeded) to select the epoch honestly; 0: none.</param>
/// <param name="Init">ir50.pth, a reference checkpoint or one of ours, loaded by name before training.</param>
/// <param name="FineTuneFrom">One of our checkpoints (e.g. AffectNet-8): only its backbone is copied; heads start fresh.</param>
/// <param name="Workers">Loader threads that decode and augment images.</param>
public sealed record TrainingConfig(
    DatasetKind Dataset,
    TrainingMode Mode,
    int Seed,
    TrainingRecipe Recipe,
    NetworkPreset Network = NetworkPreset.Paper,
    int? ImageSize = null,
    int? StepsPerEpoch = null,
    double ValidationFraction = 0,
    int Threads = 2,
    string? Init = null,
    string? FineTuneFrom = null,
    int Workers = 2,
    int? EvalBatchSize = null,
    int? MaxEvalSamples = null)
{
    public TrainPhase Phase => FineTuneFrom is null ? TrainPhase.Pretrain : TrainPhase.FineTune;

    /// <summary>Throws <see cref="TrainingInputException"/> naming the option and the value received.</summary>
    public TrainingConfig Validate()
    {
        try { Recipe.Validate(); }
        catch (ArgumentException e) { throw new TrainingInputException(e.Message); }
        if (ImageSize is { } s && (s < 16 || s > 1024)) Fail($"--image-size ({s}) must be in 16..1024");
        if (StepsPerEpoch is < 1) Fail($"--steps-per-epoch ({StepsPerEpoch}) must be at least 1");
        if (!(ValidationFraction >= 0 && ValidationFraction < 1)) Fail($"--val-fraction ({ValidationFraction}) must be in [0, 1)");
        if (Threads is < 1 or > 1024) Fail($"--threads ({Threads}) must be in 1..1024");
        if (Workers is < 0 or > 64) Fail($"--workers ({Workers}) must be in 0..64");
        if (EvalBatchSize is < 1) Fail($"EvalBatchSize ({EvalBatchSize}) must be at least 1");
        if (MaxEvalSamples is < 1) Fail($"MaxEvalSamples ({MaxEvalSamples}) must be at least 1");
        if (Init is not null && FineTuneFrom is not null) Fail("--init and --finetune-from exclude each other: fine-tuning already initialises from its checkpoint");
        return this;
    }

    /// <summary>Reads a preset as users write it (<c>paper</c>, <c>tiny</c>, any case); throws naming <paramref name="option"/>.</summary>
    public static NetworkPreset ParseNetwork(string? text, string option = "--network") =>
        Enum.TryParse<NetworkPreset>(text, ignoreCase: true, out var preset) && !int.TryParse(text, out _)
            ? preset
            : throw new TrainingInputException($"{option} '{text}' is not one of paper, tiny");

    private static void Fail(string message) => throw new TrainingInputException(message);
}
