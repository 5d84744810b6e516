using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using QcsCloud.Core;
using QcsCloud.Data.Datasets;
using QcsCloud.Data.Readers;
using QcsCloud.Trainer.Cli;
using QcsCloud.Trainer.Storage;
using QcsCloud.Training;
using QcsCloud.Training.Checkpoints;
using QcsCloud.Training.Evaluation;
using TorchSharp;
using static TorchSharp.torch;

namespace QcsCloud.Trainer.Commands.Evaluate;

/// <summary><c>qcs evaluate</c>: scores a checkpoint on a dataset split (accuracy, per class, mean class accuracy, macro F1, confusion matrix).</summary>
public static class EvaluateCommand
{
    private sealed class Settings
    {
        public Option<string> Checkpoint { get; } = new("--checkpoint", "-c") { Description = "A qcs checkpoint (best.ckpt, last.ckpt): path or blob URI", HelpName = "file|uri", Required = true };
        public Option<string> Dataset { get; } = new("--dataset", "-d") { Description = "Dataset kind: rafdb, ferplus, affectnet7, affectnet8 or generic", HelpName = "kind", Required = true };
        public Option<string> Data { get; } = new("--data") { Description = "Dataset folder (official layout or packed): path or blob folder URI", HelpName = "dir|uri", Required = true };
        public Option<string> Split { get; } = new("--split") { Description = "test or train", HelpName = "split", DefaultValueFactory = _ => "test" };
        public Option<string?> Output { get; } = new("--output", "-o") { Description = "Write the result as JSON to this file", HelpName = "file" };
        public Option<int> BatchSize { get; } = new("--batch-size", "-b") { Description = "Images per forward pass", HelpName = "n", DefaultValueFactory = _ => 64 };
        public Option<int> Threads { get; } = new("--threads", "-t") { Description = "Torch CPU threads", HelpName = "n", DefaultValueFactory = _ => Math.Max(1, Environment.ProcessorCount) };
        public Option<int> Workers { get; } = new("--workers") { Description = "Image decoding threads", HelpName = "n", DefaultValueFactory = _ => 2 };
        public IEnumerable<Option> All => [Checkpoint, Dataset, Data, Split, Output, BatchSize, Threads, Workers];
    }

    public static Command Create(CliServices services)
    {
        var settings = new Settings();
        var command = new Command("evaluate", "Score a checkpoint on a dataset split");
        foreach (var option in settings.All) command.Options.Add(option);
        command.SetAction((parse, cancellationToken) => RunAsync(settings, parse, services, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(Settings settings, ParseResult parse, CliServices services, CancellationToken cancellationToken)
    {
        var kindText = parse.GetValue(settings.Dataset);
        if (!DatasetCatalog.TryParse(kindText, out var kind))
            throw new TrainingInputException($"--dataset '{kindText}' is unknown. Known: rafdb, ferplus, affectnet7, affectnet8, generic");
        var split = parse.GetValue(settings.Split) switch
        {
            "test" => DatasetSplit.Test,
            "train" => DatasetSplit.Train,
            var other => throw new TrainingInputException($"--split '{other}' must be test or train"),
        };
        var batch = parse.GetValue(settings.BatchSize);
        if (batch < 1) throw new TrainingInputException($"--batch-size ({batch}) must be at least 1");
        var threads = parse.GetValue(settings.Threads);
        if (threads < 1) throw new TrainingInputException($"--threads ({threads}) must be at least 1");

        var inputs = new LocalInputs(services.Storage, LocalInputs.DefaultWorkRoot());
        var checkpointPath = await inputs.FileAsync(parse.GetValue(settings.Checkpoint)!, "--checkpoint", cancellationToken);
        var root = await inputs.FolderAsync(parse.GetValue(settings.Data)!, "--data", cancellationToken);
        var dataset = DatasetReader.Read(kind, root, DatasetReadOptions.Strict);
        var workers = parse.GetValue(settings.Workers);

        var result = await Task.Factory.StartNew(() =>
        {
            torch.set_num_threads(threads);
            var device = torch.cuda.is_available() ? CUDA : CPU;
            using var model = InferenceModels.Load(checkpointPath);
            var differences = CheckpointCompatibility.ClassDifferences(model.Header.ClassNames, dataset.ClassNames);
            if (differences.Count > 0)
                throw new TrainingInputException($"Checkpoint '{checkpointPath}' was trained on other classes than --dataset {kindText}: {string.Join("; ", differences)}");
            model.Network.to(device);
            return Evaluator.Run(x => model.Network.call(x), dataset.Split(split), dataset.ClassNames, model.EvalTransform,
                split.ToString().ToLowerInvariant(), batch, workers, device, cancellationToken);
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

        var json = QcsJson.Serialize(result);
        if (parse.GetValue(settings.Output) is { } file)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(file))!);
            await File.WriteAllTextAsync(file, json, cancellationToken);
        }
        services.Console.WriteLine(json);
        services.Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{result.Split}: {result.SampleCount} images, accuracy {result.Accuracy:P2}, mean class accuracy {result.MeanClassAccuracy:P2}, macro F1 {result.MacroF1:F4}"));
        return JobExitCode.Success;
    }
}
