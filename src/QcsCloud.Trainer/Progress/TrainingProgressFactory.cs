using QcsCloud.Training.Loop;
using Spectre.Console;

namespace QcsCloud.Trainer.Progress;

/// <summary>
/// Runs a training body with progress: Spectre progress bars (epoch, step, images/s, loss, ETA) on a terminal, plain
/// <c>key=value</c> lines otherwise (container logs, tests).
/// </summary>
public static class TrainingProgressFactory
{
    public static T Run<T>(IAnsiConsole console, bool interactive, Func<ITrainingObserver, T> body)
    {
        if (!interactive) return body(new PlainTrainingObserver(console));
        T result = default!;
        console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .Start(context => result = body(new SpectreTrainingObserver(console, context)));
        return result;
    }
}
