using System.CommandLine;
using System.Globalization;
using QcsCloud.Core;
using QcsCloud.Data.Datasets;
using QcsCloud.Data.Packing;
using QcsCloud.Data.Readers;
using QcsCloud.Trainer.Cli;
using QcsCloud.Trainer.Commands.Shared;
using QcsCloud.Trainer.Progress;
using QcsCloud.Trainer.Storage;
using QcsCloud.Training.Loop;
using QcsCloud.Training.TensorBoard;
using Spectre.Console;

namespace QcsCloud.Trainer.Commands.Train;

/// <summary>
/// <c>qcs train</c>: what each GPU job runs. Fetches the dataset, resumes from the output's <c>last.ckpt</c> if there is
/// one, trains, publishes <c>last.ckpt</c>, <c>best.ckpt</c>, <c>metrics.json</c> and TensorBoard events (<c>tb/</c>) after every epoch, with
/// <c>--explain N</c> the attention figures of <c>best.ckpt</c> into <c>explain/</c>, and <c>completion.json</c> last. SIGTERM: checkpoint, publish, exit 130.
/// Holds the output's writer lease throughout: a second writer of the same folder exits 2 naming this one.
/// </summary>
public static class TrainCommand
{
    public static Command Create(CliServices services)
    {
        var settings = new TrainSettings();
        var command = new Command("train", "Train a baseline, DCS or QCS model; resumes from the output's last.ckpt");
        foreach (var option in settings.All) command.Options.Add(option);
        command.SetAction((parse, cancellationToken) => RunAsync(settings, parse, services, cancellationToken));
        return command;
    }

    private static Task<int> RunAsync(TrainSettings settings, ParseResult parse, CliServices services, CancellationToken cancellationToken) =>
        RecordedJob.RunAsync(services, "train", async job =>
        {
            var inputs = new LocalInputs(services.Storage, LocalInputs.DefaultWorkRoot());
            var wait = parse.GetValue(settings.Wait) is { } seconds
                ? seconds >= 0 ? TimeSpan.FromSeconds(seconds) : throw new QcsCloud.Training.TrainingInputException($"--wait ({seconds}) must be 0 or more seconds")
                : WriterLease.TakeoverWait;
            var output = await job.OpenAsync(parse.GetValue(settings.Output)!, inputs.WorkRoot, PublishingObserver.EpochFiles, wait, cancellationToken);
            await output.ClearCompletionAsync(cancellationToken);
            var explainCount = parse.GetValue(settings.Explain);
            TrainingExplain.Validate(explainCount);
            var init = parse.GetValue(settings.Init) is { } i ? await inputs.FileAsync(i, "--init", cancellationToken) : null;
            var fineTune = parse.GetValue(settings.FineTuneFrom) is { } f ? await inputs.FileAsync(f, "--finetune-from", cancellationToken) : null;
            var config = settings.Resolve(parse, init, fineTune);
            var dataRoot = await inputs.FolderAsync(parse.GetValue(settings.Data)!, "--data", cancellationToken);
            var dataset = DatasetReader.Read(config.Dataset, dataRoot, DatasetReadOptions.Strict with { AllowTruncated = parse.GetValue(settings.AllowTruncated) });
            var manifestHash = File.Exists(Path.Combine(dataRoot, BlobLayout.ManifestFile)) ? ShardReader.ReadManifest(dataRoot).ContentHash : null;
            services.Console.WriteLine(
                $"train {DatasetCatalog.Name(config.Dataset)} {config.Mode.ToString().ToLowerInvariant()} seed {config.Seed}: recipe {config.Recipe.Name} " +
                $"(batch {config.Recipe.BatchSize}, lr {config.Recipe.LearningRate.ToString("G3", CultureInfo.InvariantCulture)}, {config.Recipe.Epochs} epochs), " +
                $"network {config.Network}, {dataset.Samples.Count} samples, output {output.Location}");

            // One Torch thread for the whole run.
            var metrics = await TorchThread.RunAsync(
                () => TrainingProgressFactory.Run(services.Console, services.Interactive,
                    display => new TrainingSession(config, dataset, output.LocalPath,
                            new PublishingObserver(new TensorBoardObserver(display, output.LocalPath), output), manifestHash)
                        .Run(cancellationToken)));

            await output.PublishAsync(PublishingObserver.FilesToPublish(output.LocalPath), CancellationToken.None);
            await TrainingExplain.RunAsync(explainCount, config, dataRoot, output, services);
            await job.SucceededAsync(new Dictionary<string, string>
            {
                ["metrics"] = BlobLayout.MetricsFile, ["best"] = BlobLayout.BestCheckpointFile, ["last"] = BlobLayout.LastCheckpointFile,
            });
            var reference = metrics.ReferenceProtocol?.Test;
            var last = metrics.LastEpoch?.Test;
            var selected = metrics.Selected is { } s ? FormattableString.Invariant($"; selected on validation: epoch {s.Epoch + 1} {s.Test.Accuracy:P2}") : "";
            services.Console.WriteLine(FormattableString.Invariant(
                $"done: last epoch test accuracy {last?.Accuracy:P2}; best test epoch {metrics.ReferenceProtocol?.Epoch + 1} {reference?.Accuracy:P2} (reference protocol, optimistic){selected}; files in {output.Location}"));
            return JobExitCode.Success;
        });
}
