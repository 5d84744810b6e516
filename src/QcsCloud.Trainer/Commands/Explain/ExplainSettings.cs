using System.CommandLine;
using QcsCloud.Core;
using QcsCloud.Data.Datasets;
using QcsCloud.Training;
using QcsCloud.Training.Explain;

namespace QcsCloud.Trainer.Commands.Explain;

/// <summary>The options of <c>qcs explain</c>.</summary>
public sealed class ExplainSettings
{
    public Option<string> Checkpoint { get; } = new("--checkpoint", "-c") { Description = "A dcs or qcs checkpoint (best.ckpt): a path or a blob URI", HelpName = "file|uri", Required = true };
    public Option<string> Dataset { get; } = new("--dataset", "-d") { Description = "Dataset kind of --data: rafdb, ferplus, affectnet7, affectnet8 or generic", HelpName = "kind", Required = true };
    public Option<string> Data { get; } = new("--data") { Description = "Dataset folder (official layout or `qcs pack` output): a path or a blob folder URI", HelpName = "dir|uri", Required = true };
    public Option<string> Output { get; } = new("--output", "-o") { Description = "Folder for attention-NN.png and explain.json (written last): a path or a blob folder URI", HelpName = "dir|uri", Required = true };
    public Option<int> Count { get; } = new("--count", "-n") { Description = $"Images to explain, different classes first (1..{ExplainOptions.MaxCount})", HelpName = "n", DefaultValueFactory = _ => 4 };
    public Option<string> Split { get; } = new("--split") { Description = "Split to take the images from: test, validation or train", HelpName = "split", DefaultValueFactory = _ => "test" };
    public Option<int> Threads { get; } = new("--threads", "-t") { Description = "Torch CPU threads", HelpName = "n", DefaultValueFactory = _ => Math.Max(1, Environment.ProcessorCount) };

    public IEnumerable<Option> All => [Checkpoint, Dataset, Data, Output, Count, Split, Threads];

    /// <summary>Resolves the parsed options into <see cref="ExplainOptions"/> on local paths; bad values name the option.</summary>
    public ExplainOptions Resolve(ParseResult parse, string localCheckpoint, string localData, string localOutput)
    {
        var datasetText = parse.GetValue(Dataset);
        if (!DatasetCatalog.TryParse(datasetText, out var kind))
            throw new TrainingInputException($"--dataset '{datasetText}' is unknown. Known: rafdb, ferplus, affectnet7, affectnet8, generic");
        var splitText = parse.GetValue(Split);
        if (!Enum.TryParse<DatasetSplit>(splitText, ignoreCase: true, out var split) || int.TryParse(splitText, out _))
            throw new TrainingInputException($"--split '{splitText}' is unknown. Known: test, validation, train");
        return new ExplainOptions(localCheckpoint, kind, localData, localOutput, parse.GetValue(Count), split, parse.GetValue(Threads)).Validate();
    }
}
