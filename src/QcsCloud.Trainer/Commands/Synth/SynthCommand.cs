using System.CommandLine;
using Spectre.Console;
using QcsCloud.Core;
using QcsCloud.Data.Synthetic;
using QcsCloud.Trainer.Cli;
using QcsCloud.Training;

namespace QcsCloud.Trainer.Commands.Synth;

/// <summary><c>qcs synth</c>: a small learnable dataset in an official layout (thin shell over <see cref="SyntheticDatasetWriter"/>).</summary>
public static class SynthCommand
{
    public static Command Create(CliServices services)
    {
        var format = new Option<string>("--format", "-f") { Description = "Layout: rafdb, ferplus, affectnet7 or affectnet8", HelpName = "format", Required = true };
        var output = new Option<string>("--out", "-o") { Description = "Folder to write (created)", HelpName = "dir", Required = true };
        var perClass = new Option<int>("--per-class", "-n") { Description = "Training images per class (test: a quarter, rounded up)", HelpName = "n", DefaultValueFactory = _ => 20 };
        var seed = new Option<int>("--seed", "-s") { Description = "Seed: the same seed writes the same files", HelpName = "n", DefaultValueFactory = _ => 1 };
        var command = new Command("synth", "Write a synthetic dataset of cartoon faces in an official file layout");
        foreach (var option in new Option[] { format, output, perClass, seed }) command.Options.Add(option);
        command.SetAction(parse =>
        {
            var text = parse.GetValue(format);
            if (!DatasetCatalog.TryParse(text, out var kind) || kind == DatasetKind.Generic)
                throw new TrainingInputException($"--format '{text}' must be rafdb, ferplus, affectnet7 or affectnet8");
            var n = parse.GetValue(perClass);
            if (n < 2) throw new TrainingInputException($"--per-class ({n}) must be at least 2 (pairs need two images per class)");
            var summary = SyntheticDatasetWriter.Write(kind, parse.GetValue(output)!, n, parse.GetValue(seed));
            services.Console.WriteLine(
                $"wrote {summary.Format} to {summary.Root}: {summary.KeptImages} images ({summary.TrainPerClass} train and {summary.TestPerClass} test per class), {summary.DroppedRows} rows the official rules drop");
            return JobExitCode.Success;
        });
        return command;
    }
}
