using QcsCloud.Core;
using QcsCloud.Trainer.Storage;
using QcsCloud.Training.Loop;
using QcsCloud.Training.TensorBoard;

namespace QcsCloud.Trainer.Progress;

/// <summary>
/// Forwards events to <paramref name="inner"/> (the TensorBoard writer, then the progress display) and then uploads the
/// epoch's files (last, best, metrics and the TensorBoard events under <c>tb/</c>) to a blob output after each epoch and
/// after a stop checkpoint, so a preempted job loses at most the current epoch.
/// Runs on the training thread; the upload blocks it on purpose (the files must be safe before training goes on).
/// </summary>
public sealed class PublishingObserver(ITrainingObserver inner, OutputFolder output) : ITrainingObserver
{
    public static readonly string[] EpochFiles = [BlobLayout.BestCheckpointFile, BlobLayout.LastCheckpointFile, BlobLayout.MetricsFile];

    /// <summary>The epoch files plus every TensorBoard events file under <c>tb/</c> of <paramref name="localOutput"/>.</summary>
    public static IReadOnlyList<string> FilesToPublish(string localOutput)
    {
        var events = Path.Combine(localOutput, TensorBoardObserver.Folder);
        var eventFiles = Directory.Exists(events)
            ? Directory.EnumerateFiles(events).Select(f => $"{TensorBoardObserver.Folder}/{Path.GetFileName(f)}").Order(StringComparer.Ordinal)
            : Enumerable.Empty<string>();
        return [.. EpochFiles, .. eventFiles];
    }

    public void RunStarted(RunStartInfo info) => inner.RunStarted(info);
    public void EpochStarted(int epoch, int steps, int firstStep) => inner.EpochStarted(epoch, steps, firstStep);
    public void StepCompleted(StepInfo step) => inner.StepCompleted(step);

    public void EpochCompleted(EpochMetrics epoch, TrainingMetrics metrics)
    {
        inner.EpochCompleted(epoch, metrics);
        output.PublishAsync(FilesToPublish(output.LocalPath), CancellationToken.None).GetAwaiter().GetResult();
    }

    public void Stopped(int epoch, int nextStep)
    {
        inner.Stopped(epoch, nextStep);
        output.PublishAsync(FilesToPublish(output.LocalPath), CancellationToken.None).GetAwaiter().GetResult();
    }
}
