using System.CommandLine;
using QcsCloud.Core;
using QcsCloud.Model;
using QcsCloud.Trainer.Cli;
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
        var input = new Option<string>("--input", "-i") { Description = "PyTorch .pth file: path or blob URI", HelpName = "file|uri", Required = true };
        var output = new Option<string>("--output", "-o") { Description = "The qcs checkpoint to write", HelpName = "file", Required = true };
        var dataset = new Option<string>("--dataset", "-d") { Description = "Class list of the heads: rafdb, ferplus, affectnet7 or affectnet8", HelpName = "kind", Required = true };
        var mode = new Option<string>("--mode", "-m") { Description = "Network to build: baseline, dcs or qcs", HelpName = "mode", DefaultValueFactory = _ => "qcs" };
        var network = new Option<string>("--network") { Description = "Network preset: paper or tiny", HelpName = "paper|tiny", DefaultValueFactory = _ => "paper" };
        var command = new Command("import-weights", "Convert ir50.pth or a reference checkpoint into a qcs checkpoint");
        foreach (var option in new Option[] { input, output, dataset, mode, network }) command.Options.Add(option);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var kindText = parse.GetValue(dataset);
            if (!DatasetCatalog.TryParse(kindText, out var kind) || kind == DatasetKind.Generic)
                throw new TrainingInputException($"--dataset '{kindText}' must be rafdb, ferplus, affectnet7 or affectnet8");
            var modeText = parse.GetValue(mode);
            if (!Enum.TryParse<TrainingMode>(modeText, true, out var trainingMode) || int.TryParse(modeText, out _))
                throw new TrainingInputException($"--mode '{modeText}' is unknown. Known: baseline, dcs, qcs");
            var inputs = new LocalInputs(services.Storage, LocalInputs.DefaultWorkRoot());
            var source = await inputs.FileAsync(parse.GetValue(input)!, "--input", cancellationToken);
            var target = parse.GetValue(output)!;
            var classNames = DatasetCatalog.ClassNames(kind);
            var config = new TrainingConfig(kind, trainingMode, 0, TrainingRecipes.Default(kind, trainingMode, fineTune: false),
                TrainingConfig.ParseNetwork(parse.GetValue(network))).Validate();

            var report = await Task.Factory.StartNew(() =>
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
            }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

            services.Console.WriteLine(report.Summary);
            foreach (var name in report.Missing.Take(10)) services.Console.WriteLine($"missing: {name}");
            if (report.Missing.Count > 10) services.Console.WriteLine($"missing: ... {report.Missing.Count - 10} more");
            services.Console.WriteLine($"wrote {target}");
            return JobExitCode.Success;
        });
        return command;
    }
}
