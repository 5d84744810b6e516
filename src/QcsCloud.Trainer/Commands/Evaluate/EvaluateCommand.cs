using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using QcsCloud.Core;
using QcsCloud.Data.Datasets;
using QcsCloud.Data.Readers;
using QcsCloud.Trainer.Cli;
using QcsCloud.Trainer.Commands.Shared;
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
    public static Command Create(CliServices services)
    {
        var settings = new EvaluateSettings();
        var command = new Command("evaluate", "Score a checkpoint on a dataset split");
        foreach (var option in settings.All) command.Options.Add(option);
        command.SetAction((parse, cancellationToken) => RunAsync(settings, parse, services, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(EvaluateSettings settings, ParseResult parse, CliServices services, CancellationToken cancellationToken)
    {
        var kindText = parse.GetValue(settings.Dataset);
        var kind = DatasetNames.Parse(kindText);
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

        var result = await TorchThread.RunAsync(() =>
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
        });

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
