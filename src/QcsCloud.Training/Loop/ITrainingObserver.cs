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
public sealed record StepInfo(int Epoch, int Step, int Steps, double Loss, double ImagesPerSecond);

/// <summary>An observer that ignores everything.</summary>
public sealed class NullTrainingObserver : ITrainingObserver
{
    public static NullTrainingObserver Instance { get; } = new();
}
