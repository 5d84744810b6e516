using QcsCloud.Core;
using QcsCloud.Trainer.Storage;
using QcsCloud.Training.Loop;

namespace QcsCloud.Trainer.Progress;

/// <summary>
/// Forwards events to the progress display and uploads the epoch's files (last, best, metrics) to a blob output
/// after each epoch and after a stop checkpoint, so a preempted job loses at most the current epoch.
/// Runs on the training thread; the upload blocks it on purpose (the files must be safe before training goes on).
/// </summary>
public sealed class PublishingObserver(ITrainingObserver display, OutputFolder output) : ITrainingObserver
{
    public static readonly string[] EpochFiles = [BlobLayout.BestCheckpointFile, BlobLayout.LastCheckpointFile, BlobLayout.MetricsFile];

    public void RunStarted(RunStartInfo info) => display.RunStarted(info);
    public void EpochStarted(int epoch, int steps, int firstStep) => display.EpochStarted(epoch, steps, firstStep);
    public void StepCompleted(StepInfo step) => display.StepCompleted(step);

    public void EpochCompleted(EpochMetrics epoch, TrainingMetrics metrics)
    {
        output.PublishAsync(EpochFiles, CancellationToken.None).GetAwaiter().GetResult();
        display.EpochCompleted(epoch, metrics);
    }

    public void Stopped(int epoch, int nextStep)
    {
        output.PublishAsync(EpochFiles, CancellationToken.None).GetAwaiter().GetResult();
        display.Stopped(epoch, nextStep);
    }
}
