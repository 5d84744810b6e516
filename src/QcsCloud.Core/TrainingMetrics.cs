namespace QcsCloud.Core;

/// <summary>
/// The <c>metrics.json</c> a training job writes after every epoch and at the end. Three numbers are
/// reported side by side because they answer different questions:
/// <list type="bullet">
/// <item><see cref="Selected"/>: the epoch chosen on the held-out validation split (honest), or null without one;</item>
/// <item><see cref="ReferenceProtocol"/>: the best epoch on the test split, as the reference code and the paper
/// report it (optimistic: the test set picks the epoch);</item>
/// <item><see cref="LastEpoch"/>: the final epoch on the test split.</item>
/// </list>
/// </summary>
public sealed record TrainingMetrics(
    string Dataset,
    TrainingMode Mode,
    TrainPhase Phase,
    int Seed,
    int EpochsPlanned,
    bool Finished,
    IReadOnlyList<EpochMetrics> Epochs,
    SelectedEpoch? Selected,
    SelectedEpoch? ReferenceProtocol,
    SelectedEpoch? LastEpoch,
    RunProvenance? Provenance = null);

/// <summary>An epoch picked by some rule, with its test-split scores.</summary>
/// <param name="Rule">"validation-accuracy", "best-test-accuracy (reference protocol, optimistic)" or "last-epoch".</param>
public sealed record SelectedEpoch(int Epoch, string Rule, EvaluationResult Test);
