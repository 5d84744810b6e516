using System.CommandLine;
using QcsCloud.Core;
using QcsCloud.Model;
using QcsCloud.Trainer.Cli;
using QcsCloud.Trainer.Commands.Shared;
using QcsCloud.Trainer.Storage;
using QcsCloud.Training;
using QcsCloud.Training.Checkpoints;
using QcsCloud.Training.Loop;
using QcsCloud.Training.Recipes;
using QcsCloud.Training.Runs;
using Spectre.Console;

namespace QcsCloud.Trainer.Commands.ImportWeights;

/// <summary>
/// <c>qcs import-weights</c>: a PyTorch file (<c>ir50.pth</c> or a reference QCS/DCS checkpoint) -> a qcs checkpoint that
/// <c>train --init/--finetune-from</c>, <c>evaluate</c> and <c>predict</c> read. Loads by name and shape and prints
/// what was loaded, missing and unused.
/// </summary>
public static class ImportWeightsCommand
{
    public static Command Create(CliServices services)
    {
        var settings = new ImportWeightsSettings();
        var command = new Command("import-weights", "Convert ir50.pth or a reference checkpoint into a qcs checkpoint");
        foreach (var option in settings.All) command.Options.Add(option);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var kind = DatasetNames.Parse(parse.GetValue(settings.Dataset), withGeneric: false);
            var modeText = parse.GetValue(settings.Mode);
            if (!Enum.TryParse<TrainingMode>(modeText, true, out var trainingMode) || int.TryParse(modeText, out _))
                throw new TrainingInputException($"--mode '{modeText}' is unknown. Known: baseline, dcs, qcs");
            var inputs = new LocalInputs(services.Storage, LocalInputs.DefaultWorkRoot());
            var source = await inputs.FileAsync(parse.GetValue(settings.Input)!, "--input", cancellationToken);
            var target = parse.GetValue(settings.Output)!;
            var classNames = DatasetCatalog.ClassNames(kind);
            var config = new TrainingConfig(kind, trainingMode, 0, TrainingRecipes.Default(kind, trainingMode, fineTune: false),
                TrainingConfig.ParseNetwork(parse.GetValue(settings.Network))).Validate();

            var report = await TorchThread.RunAsync(() =>
            {
                var options = NetworkOptionsResolver.Resolve(config, classNames.Count);
                using var model = TrainingNetworks.Create(trainingMode, options);
                WeightImportReport imported;
                try
                {
                    imported = WeightImport.Load(model, source, options);
                }
                catch (WeightImportException e)
                {
                    throw new TrainingInputException($"--input '{source}': {e.Message}", e);
                }
                var provenance = ProvenanceFactory.Create(config, classNames, null, [$"import {imported.Summary}"]);
                var metrics = new TrainingMetrics(DatasetCatalog.Name(kind), trainingMode, TrainPhase.Pretrain, 0, 0, false, [], null, null, null, provenance);
                Checkpoint.Save(target, new CheckpointHeader(CheckpointHeader.CurrentFormatVersion, trainingMode, options, classNames.ToArray(), 0, 0,
                    config, metrics, provenance), model, optimizer: null);
                return imported;
            });

            services.Console.WriteLine(report.Summary);
            foreach (var name in report.Missing.Take(10)) services.Console.WriteLine($"missing: {name}");
            if (report.Missing.Count > 10) services.Console.WriteLine($"missing: ... {report.Missing.Count - 10} more");
            services.Console.WriteLine($"wrote {target}");
            return JobExitCode.Success;
        });
        return command;
    }
}
