using QcsCloud.Core;
using QcsCloud.Training.Loop;

namespace QcsCloud.Training.TensorBoard;

/// <summary>
/// Writes a run's curves for <c>tensorboard --logdir</c> into <c>&lt;output&gt;/tb/</c>, then forwards every event to
/// <paramref name="inner"/>. Per step (global step = epoch x steps per epoch + step): <c>step/loss</c>,
/// <c>step/accuracy</c> (anchor branch of the batch), <c>step/lr</c>, <c>step/images_per_s</c>. Per epoch (step = epoch
/// number, 1-based, as in <c>metrics.json</c> + 1): <c>epoch/train_loss</c>, <c>epoch/train_accuracy</c>, <c>epoch/lr</c>,
/// <c>epoch/images_per_s</c>, <c>epoch/seconds</c>, <c>epoch/validation_accuracy</c>,
/// <c>epoch/validation_mean_class_accuracy</c>, <c>epoch/test_accuracy</c>, <c>epoch/test_mean_class_accuracy</c>,
/// <c>epoch/test_macro_f1</c>. A resumed run adds a new events file; TensorBoard reads them together.
/// </summary>
public sealed class TensorBoardObserver(ITrainingObserver inner, string outputDir, TimeProvider? clock = null) : ITrainingObserver
{
    /// <summary>The events folder inside a job's output folder.</summary>
    public const string Folder = "tb";

    private EventFileWriter? writer;

    /// <summary>The events file of this process, once the run has started.</summary>
    public string? EventsPath => writer?.Path;

    public void RunStarted(RunStartInfo info)
    {
        writer = new EventFileWriter(Path.Combine(outputDir, Folder), clock);
        inner.RunStarted(info);
    }

    public void EpochStarted(int epoch, int steps, int firstStep) => inner.EpochStarted(epoch, steps, firstStep);

    public void StepCompleted(StepInfo step)
    {
        writer?.Scalars(GlobalStep(step), [
            ("step/loss", step.Loss),
            ("step/accuracy", step.Accuracy),
            ("step/lr", step.LearningRate),
            ("step/images_per_s", step.ImagesPerSecond),
        ]);
        inner.StepCompleted(step);
    }

    public void EpochCompleted(EpochMetrics epoch, TrainingMetrics metrics)
    {
        writer?.Scalars(epoch.Epoch + 1, [
            ("epoch/train_loss", epoch.TrainLoss),
            ("epoch/train_accuracy", epoch.TrainAccuracy),
            ("epoch/lr", epoch.LearningRate),
            ("epoch/images_per_s", epoch.ImagesPerSecond),
            ("epoch/seconds", epoch.Seconds),
            ("epoch/validation_accuracy", epoch.Validation?.Accuracy ?? double.NaN),
            ("epoch/validation_mean_class_accuracy", epoch.Validation?.MeanClassAccuracy ?? double.NaN),
            ("epoch/test_accuracy", epoch.Test?.Accuracy ?? double.NaN),
            ("epoch/test_mean_class_accuracy", epoch.Test?.MeanClassAccuracy ?? double.NaN),
            ("epoch/test_macro_f1", epoch.Test?.MacroF1 ?? double.NaN),
        ]);
        inner.EpochCompleted(epoch, metrics);
    }

    public void Stopped(int epoch, int nextStep) => inner.Stopped(epoch, nextStep);

    /// <summary>Steps count on across epochs; a resumed run continues the same numbering.</summary>
    public static long GlobalStep(StepInfo step) => (long)step.Epoch * step.Steps + step.Step;
}
