using System.Globalization;
using QcsCloud.Core;
using QcsCloud.Training.Loop;
using Spectre.Console;

namespace QcsCloud.Trainer.Progress;

/// <summary>Two bars on a terminal: epochs, and steps of the current epoch with loss and images/s in the description.</summary>
public sealed class SpectreTrainingObserver(IAnsiConsole console, ProgressContext context) : ITrainingObserver
{
    private ProgressTask? epochs;
    private ProgressTask? steps;

    public void RunStarted(RunStartInfo info)
    {
        epochs = context.AddTask("epochs", maxValue: info.Epochs);
        epochs.Value = info.StartEpoch;
        steps = context.AddTask("steps");
        if (info.ResumedFrom is not null) console.MarkupLineInterpolated($"[grey]resumed from {info.ResumedFrom} at epoch {info.StartEpoch + 1}[/]");
    }

    public void EpochStarted(int epoch, int stepCount, int firstStep)
    {
        steps!.MaxValue = stepCount;
        steps.Value = firstStep;
        steps.Description = $"epoch {epoch + 1}";
    }

    public void StepCompleted(StepInfo step)
    {
        steps!.Value = step.Step;
        steps.Description = string.Create(CultureInfo.InvariantCulture,
            $"epoch {step.Epoch + 1} loss {step.Loss:F4} {step.ImagesPerSecond:F1} img/s");
    }

    public void EpochCompleted(EpochMetrics epoch, TrainingMetrics metrics)
    {
        epochs!.Value = epoch.Epoch + 1;
        var validation = epoch.Validation is { } v ? $" val {v.Accuracy:P2}" : "";
        console.MarkupLineInterpolated(
            $"epoch {epoch.Epoch + 1}/{metrics.EpochsPlanned}: loss {epoch.TrainLoss:F4}, train {epoch.TrainAccuracy:P2},{validation} test {epoch.Test?.Accuracy:P2} ({epoch.Seconds:F0} s)");
    }

    public void Stopped(int epoch, int nextStep) =>
        console.MarkupLineInterpolated($"[yellow]stopped at epoch {epoch + 1}, step {nextStep + 1}; last.ckpt written: a relaunch resumes[/]");
}
