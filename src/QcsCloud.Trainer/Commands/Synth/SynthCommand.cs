using System.CommandLine;
using Spectre.Console;
using QcsCloud.Core;
using QcsCloud.Data.Synthetic;
using QcsCloud.Trainer.Cli;
using QcsCloud.Trainer.Commands.Shared;
using QcsCloud.Training;

namespace QcsCloud.Trainer.Commands.Synth;

/// <summary><c>qcs synth</c>: a small learnable dataset in an official layout (thin shell over <see cref="SyntheticDatasetWriter"/>).</summary>
public static class SynthCommand
{
    public static Command Create(CliServices services)
    {
        var settings = new SynthSettings();
        var command = new Command("synth", "Write a synthetic dataset of cartoon faces in an official file layout");
        foreach (var option in settings.All) command.Options.Add(option);
        command.SetAction(parse =>
        {
            var kind = DatasetNames.Parse(parse.GetValue(settings.Dataset), withGeneric: false);
            var n = parse.GetValue(settings.PerClass);
            if (n < 2) throw new TrainingInputException($"--per-class ({n}) must be at least 2 (pairs need two images per class)");
            var summary = SyntheticDatasetWriter.Write(kind, parse.GetValue(settings.Output)!, n, parse.GetValue(settings.Seed));
            services.Console.WriteLine(
                $"wrote {summary.Format} to {summary.Root}: {summary.KeptImages} images ({summary.TrainPerClass} train and {summary.TestPerClass} test per class), {summary.DroppedRows} rows the official rules drop");
            return JobExitCode.Success;
        });
        return command;
    }
}
