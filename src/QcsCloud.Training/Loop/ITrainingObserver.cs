using QcsCloud.Core;

namespace QcsCloud.Training.Loop;

/// <summary>
/// What a training run reports while it runs, on the training thread. The command line draws progress from it and
/// publishes the output folder after each epoch; tests stop runs from it (by cancelling).
/// </summary>
public interface ITrainingObserver
{
    void RunStarted(RunStartInfo info) { }
    void EpochStarted(int epoch, int steps, int firstStep) { }
    void StepCompleted(StepInfo step) { }
    /// <summary>Called after <c>last.ckpt</c>, <c>best.ckpt</c> and <c>metrics.json</c> of this epoch are on disk.</summary>
    void EpochCompleted(EpochMetrics epoch, TrainingMetrics metrics) { }
    /// <summary>Called after a stop checkpoint was written (signal or cancellation).</summary>
    void Stopped(int epoch, int nextStep) { }
}

/// <summary>The resolved start of a run.</summary>
public sealed record RunStartInfo(int Epochs, int StartEpoch, int StartStep, int TrainSamples, int ValidationSamples, int TestSamples, string Device, string? ResumedFrom, IReadOnlyList<string> InitChain);

/// <summary>One optimizer step (two forward/backward passes).</summary>
/// <param name="Step">1-based step within the epoch.</param>
/// <param name="Loss">Loss of the first (SAM) pass.</param>
/// <param name="ImagesPerSecond">Images (all branches) per second so far in this epoch.</param>
/// <param name="Accuracy">Fraction of the batch's anchor images classified right in the first pass (NaN when unknown).</param>
/// <param name="LearningRate">The optimizer's learning rate for this step (NaN when unknown).</param>
public sealed record StepInfo(int Epoch, int Step, int Steps, double Loss, double ImagesPerSecond,
    double Accuracy = double.NaN, double LearningRate = double.NaN);

/// <summary>An observer that ignores everything.</summary>
public sealed class NullTrainingObserver : ITrainingObserver
{
    public static NullTrainingObserver Instance { get; } = new();
}
