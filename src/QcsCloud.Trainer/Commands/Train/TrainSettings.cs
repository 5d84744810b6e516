using System.CommandLine;
using QcsCloud.Core;
using QcsCloud.Trainer.Commands.Shared;
using QcsCloud.Training;
using QcsCloud.Training.Recipes;

namespace QcsCloud.Trainer.Commands.Train;

/// <summary>The options of <c>qcs train</c> (the contract the workflow's launchers build) and their resolution into a <see cref="TrainingConfig"/>.</summary>
public sealed class TrainSettings
{
    public Option<string> Dataset { get; } = CommonOptions.Dataset();
    public Option<string> Data { get; } = CommonOptions.Data();
    public Option<string> Output { get; } = CommonOptions.Output("Output folder for last.ckpt, best.ckpt, metrics.json, completion.json; resumes from its last.ckpt");
    public Option<string> Mode { get; } = new("--mode", "-m") { Description = "baseline, dcs or qcs", HelpName = "mode", DefaultValueFactory = _ => "qcs" };
    public Option<int> Seed { get; } = CommonOptions.Seed("Seed of every random source (init, sampling, augmentation, dropout)");
    public Option<string?> Recipe { get; } = new("--recipe", "-r") { Description = $"Reference recipe: {string.Join(", ", TrainingRecipes.All.Select(r => r.Name))} (default: the dataset's and mode's)", HelpName = "name" };
    public Option<int?> Epochs { get; } = new("--epochs", "-e") { Description = "Override the recipe's epoch count", HelpName = "n" };
    public Option<string> Network { get; } = new("--network") { Description = "Network preset: paper or tiny", HelpName = "paper|tiny", DefaultValueFactory = _ => "paper" };
    public Option<int?> ImageSize { get; } = new("--image-size") { Description = "Input image side (default: the network's, 224 for paper, 48 for tiny)", HelpName = "n" };
    public Option<int?> BatchSize { get; } = new("--batch-size", "-b") { Description = "Override the recipe's batch size (tuples per step)", HelpName = "n" };
    public Option<double?> LearningRate { get; } = new("--lr") { Description = "Override the recipe's learning rate", HelpName = "x" };
    public Option<int?> StepsPerEpoch { get; } = new("--steps-per-epoch") { Description = "Cap optimizer steps per epoch (smoke runs)", HelpName = "n" };
    public Option<string?> Init { get; } = new("--init") { Description = "Initial weights: ir50.pth, a reference QCS/DCS checkpoint or a qcs checkpoint (imported by name and shape), path or URI", HelpName = "file|uri" };
    public Option<string?> FineTuneFrom { get; } = new("--finetune-from") { Description = "Copy only the backbone of this checkpoint (e.g. AffectNet-8) and train fresh heads", HelpName = "file|uri" };
    public Option<double> ValidationFraction { get; } = new("--val-fraction") { Description = "Hold out this share of each class's training images to select the epoch honestly", HelpName = "f", DefaultValueFactory = _ => 0 };
    public Option<int> Threads { get; } = CommonOptions.Threads("Torch CPU threads (results are reproducible for the same count)");
    public Option<int> Workers { get; } = CommonOptions.Workers("Image decoding/augmentation threads");

    public Option<int?> Wait { get; } = new("--wait", "-w") { Description = "Seconds to wait while another writer holds the output, then exit 2 (default: one lease period + 10 s, so a relaunch after a killed writer takes over); 0 = at once", HelpName = "seconds" };

    public Option<bool> AllowTruncated { get; } = new("--allow-truncated") { Description = "Train on truncated image files (the missing part decodes grey) instead of refusing them" };

    public Option<int> Explain { get; } = new("--explain", "-x") { Description = "dcs/qcs: after the last epoch, draw the CSA attention of best.ckpt over this many test images into <output>/explain/ (as `qcs explain`); 0 = off", HelpName = "n", DefaultValueFactory = _ => 0 };

    public IEnumerable<Option> All => [Dataset, Data, Output, Mode, Seed, Recipe, Epochs, Network, ImageSize, BatchSize, LearningRate, StepsPerEpoch, Init, FineTuneFrom, ValidationFraction, Threads, Workers, Wait, AllowTruncated, Explain];

    /// <summary>Resolves the parsed options; bad values throw <see cref="TrainingInputException"/> naming the option.</summary>
    public TrainingConfig Resolve(ParseResult parse, string? localInit, string? localFineTune)
    {
        var kind = DatasetNames.Parse(parse.GetValue(Dataset));
        var modeText = parse.GetValue(Mode);
        if (!Enum.TryParse<TrainingMode>(modeText, ignoreCase: true, out var mode) || int.TryParse(modeText, out _))
            throw new TrainingInputException($"--mode '{modeText}' is unknown. Known: baseline, dcs, qcs");
        var fineTune = parse.GetValue(FineTuneFrom) is not null;
        TrainingRecipe recipe;
        try
        {
            recipe = parse.GetValue(Recipe) is { } name ? TrainingRecipes.Get(name) : TrainingRecipes.Default(kind, mode, fineTune);
        }
        catch (ArgumentException e)
        {
            throw new TrainingInputException($"--recipe: {e.Message}");
        }
        if (parse.GetValue(Epochs) is { } epochs) recipe = recipe with { Epochs = Require(epochs, epochs >= 1, "--epochs", "at least 1") };
        if (parse.GetValue(BatchSize) is { } batch) recipe = recipe with { BatchSize = Require(batch, batch >= 1, "--batch-size", "at least 1") };
        if (parse.GetValue(LearningRate) is { } lr) recipe = recipe with { LearningRate = Require(lr, lr > 0 && double.IsFinite(lr), "--lr", "a positive number") };
        var network = TrainingConfig.ParseNetwork(parse.GetValue(Network));
        return new TrainingConfig(kind, mode, parse.GetValue(Seed), recipe, network,
            ImageSize: parse.GetValue(ImageSize),
            StepsPerEpoch: parse.GetValue(StepsPerEpoch),
            ValidationFraction: parse.GetValue(ValidationFraction),
            Threads: parse.GetValue(Threads),
            Init: localInit,
            FineTuneFrom: localFineTune,
            Workers: parse.GetValue(Workers)).Validate();
    }

    private static T Require<T>(T value, bool ok, string option, string rule) =>
        ok ? value : throw new TrainingInputException($"{option} ({value}) must be {rule}");
}
