using System.CommandLine;
using System.Globalization;
using System.Text;
using Spectre.Console;
using QcsCloud.Core;
using QcsCloud.Data.Datasets;
using QcsCloud.Trainer.Cli;
using QcsCloud.Trainer.Commands.Shared;
using QcsCloud.Trainer.Storage;
using QcsCloud.Training;
using QcsCloud.Training.Checkpoints;
using QcsCloud.Training.Evaluation;
using TorchSharp;
using static TorchSharp.torch;

namespace QcsCloud.Trainer.Commands.Predict;

/// <summary><c>qcs predict</c>: images or folders -> class, probabilities and optionally logits, as JSON or CSV.</summary>
public static class PredictCommand
{
    private static readonly string[] ImageExtensions = [".jpg", ".jpeg", ".png", ".bmp", ".webp"];

    /// <summary>One line of the output.</summary>
    public sealed record Prediction(string File, string Class, int ClassIndex, IReadOnlyDictionary<string, double> Probabilities, IReadOnlyDictionary<string, double>? Logits);

    public static Command Create(CliServices services)
    {
        var s = new PredictSettings();
        var command = new Command("predict", "Classify images with a checkpoint (inference network: VIT_base logits)");
        command.Arguments.Add(s.Inputs);
        foreach (var option in s.All) command.Options.Add(option);
        command.SetAction((parse, cancellationToken) => RunAsync(s, parse, services, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(PredictSettings s, ParseResult parse, CliServices services, CancellationToken cancellationToken)
    {
        var format = parse.GetValue(s.Format)!.ToLowerInvariant();
        if (format is not ("json" or "csv")) throw new TrainingInputException($"--format '{format}' must be json or csv");
        var batch = parse.GetValue(s.BatchSize);
        if (batch < 1) throw new TrainingInputException($"--batch-size ({batch}) must be at least 1");
        var threads = parse.GetValue(s.Threads);
        if (threads < 1) throw new TrainingInputException($"--threads ({threads}) must be at least 1");
        var files = ExpandInputs(parse.GetValue(s.Inputs)!);
        var keepLogits = parse.GetValue(s.Logits);
        var allowTruncated = parse.GetValue(s.AllowTruncated);
        var inputs = new LocalInputs(services.Storage, LocalInputs.DefaultWorkRoot());
        var checkpointPath = await inputs.FileAsync(parse.GetValue(s.Checkpoint)!, "--checkpoint", cancellationToken);

        var (classNames, result) = await TorchThread.RunAsync(() =>
        {
            torch.set_num_threads(threads);
            var device = torch.cuda.is_available() ? CUDA : CPU;
            using var model = InferenceModels.Load(checkpointPath);
            model.Network.to(device);
            var samples = files.Select(f => new Sample(f, 0, DatasetSplit.Test, new FileImageSource(f) { AllowTruncated = allowTruncated })).ToArray();
            return (model.Header.ClassNames, Predictor.Run(x => model.Network.call(x), samples, model.Header.ClassNames.Count, model.EvalTransform,
                batch, workers: 2, device, keepLogits, cancellationToken));
        });

        var predictions = files.Select((file, i) => new Prediction(file, classNames[result.Classes[i]], result.Classes[i],
            ByName(classNames, result.Probabilities[i]), result.Logits is null ? null : ByName(classNames, result.Logits[i]))).ToArray();
        var text = format == "json" ? QcsJson.Serialize(predictions) : Csv(predictions, classNames, keepLogits);
        if (parse.GetValue(s.Output) is { } output)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
            await File.WriteAllTextAsync(output, text, cancellationToken);
            services.Console.WriteLine($"{predictions.Length} predictions written to {output}");
        }
        else services.Console.WriteLine(text);
        return JobExitCode.Success;
    }

    private static IReadOnlyList<string> ExpandInputs(IEnumerable<string> inputs)
    {
        var files = new List<string>();
        foreach (var input in inputs)
        {
            if (File.Exists(input)) files.Add(Path.GetFullPath(input));
            else if (Directory.Exists(input))
            {
                var found = Directory.EnumerateFiles(input, "*", SearchOption.AllDirectories)
                    .Where(f => ImageExtensions.Contains(Path.GetExtension(f).ToLowerInvariant()))
                    .Order(StringComparer.Ordinal).Select(Path.GetFullPath).ToArray();
                if (found.Length == 0) throw new TrainingInputException($"Input folder '{input}' holds no images ({string.Join(" ", ImageExtensions)})");
                files.AddRange(found);
            }
            else throw new TrainingInputException($"Input '{input}' is neither an image file nor a folder");
        }
        return files;
    }

    private static IReadOnlyDictionary<string, double> ByName(IReadOnlyList<string> names, float[] values)
    {
        var map = new Dictionary<string, double>();
        for (var i = 0; i < names.Count; i++) map[names[i]] = Math.Round(values[i], 6);
        return map;
    }

    private static string Csv(IReadOnlyList<Prediction> predictions, IReadOnlyList<string> classNames, bool logits)
    {
        var text = new StringBuilder();
        var header = new List<string> { "file", "class", "class_index" };
        header.AddRange(classNames.Select(c => $"p_{c}"));
        if (logits) header.AddRange(classNames.Select(c => $"logit_{c}"));
        text.AppendLine(string.Join(',', header));
        foreach (var p in predictions)
        {
            var cells = new List<string> { Quote(p.File), p.Class, p.ClassIndex.ToString(CultureInfo.InvariantCulture) };
            cells.AddRange(classNames.Select(c => p.Probabilities[c].ToString("R", CultureInfo.InvariantCulture)));
            if (logits) cells.AddRange(classNames.Select(c => p.Logits![c].ToString("R", CultureInfo.InvariantCulture)));
            text.AppendLine(string.Join(',', cells));
        }
        return text.ToString();
    }

    private static string Quote(string value) => value.Contains(',') || value.Contains('"') ? $"\"{value.Replace("\"", "\"\"")}\"" : value;
}
