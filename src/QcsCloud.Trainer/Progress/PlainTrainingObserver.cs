using System.Diagnostics;
using System.Globalization;
using QcsCloud.Core;
using QcsCloud.Training.Loop;
using Spectre.Console;

namespace QcsCloud.Trainer.Progress;

/// <summary>Structured one-line events for logs: <c>event=step epoch=1 step=10/30 loss=1.2345 images_per_s=12.3 eta_s=42</c>.</summary>
public sealed class PlainTrainingObserver(IAnsiConsole console) : ITrainingObserver
{
    private readonly Stopwatch epochClock = new();
    private int lastLoggedStep;
    private int firstStep;

    private void Line(string text) => console.WriteLine(text);
    private static string F(double v, string format = "F4") => v.ToString(format, CultureInfo.InvariantCulture);

    public void RunStarted(RunStartInfo info) => Line(
        $"event=start epochs={info.Epochs} start_epoch={info.StartEpoch} start_step={info.StartStep} train={info.TrainSamples} " +
        $"validation={info.ValidationSamples} test={info.TestSamples} device={info.Device} resumed={(info.ResumedFrom is null ? "no" : "yes")} " +
        $"init=\"{string.Join(" | ", info.InitChain)}\"");

    public void EpochStarted(int epoch, int steps, int firstStep)
    {
        epochClock.Restart();
        lastLoggedStep = firstStep;
        this.firstStep = firstStep;
        Line($"event=epoch-start epoch={epoch + 1} steps={steps} first_step={firstStep + 1}");
    }

    public void StepCompleted(StepInfo step)
    {
        // About 10 lines per epoch, plus the last step.
        var every = Math.Max(1, step.Steps / 10);
        if (step.Step - lastLoggedStep < every && step.Step != step.Steps) return;
        lastLoggedStep = step.Step;
        var done = step.Step - firstStep;
        var eta = done == 0 ? 0 : epochClock.Elapsed.TotalSeconds / done * (step.Steps - step.Step);
        Line($"event=step epoch={step.Epoch + 1} step={step.Step}/{step.Steps} loss={F(step.Loss)} images_per_s={F(step.ImagesPerSecond, "F1")} eta_s={F(eta, "F0")} rss_mib={Environment.WorkingSet >> 20}");
    }

    public void EpochCompleted(EpochMetrics epoch, TrainingMetrics metrics)
    {
        var validation = epoch.Validation is { } v ? $" val_acc={F(v.Accuracy)}" : "";
        Line($"event=epoch epoch={epoch.Epoch + 1}/{metrics.EpochsPlanned} train_loss={F(epoch.TrainLoss)} train_acc={F(epoch.TrainAccuracy)}" +
             $"{validation} test_acc={F(epoch.Test?.Accuracy ?? double.NaN)} test_mean_class_acc={F(epoch.Test?.MeanClassAccuracy ?? double.NaN)} " +
             $"lr={epoch.LearningRate.ToString("G4", CultureInfo.InvariantCulture)} seconds={F(epoch.Seconds, "F1")} images_per_s={F(epoch.ImagesPerSecond, "F1")} rss_mib={Environment.WorkingSet >> 20}");
    }

    public void Stopped(int epoch, int nextStep) => Line($"event=stopped epoch={epoch + 1} next_step={nextStep + 1} checkpoint=last.ckpt");
}
