using System.CommandLine;
using QcsCloud.Data.Datasets;
using QcsCloud.Trainer.Commands.Shared;
using QcsCloud.Training;
using QcsCloud.Training.Explain;

namespace QcsCloud.Trainer.Commands.Explain;

/// <summary>The options of <c>qcs explain</c>.</summary>
public sealed class ExplainSettings
{
    public Option<string> Checkpoint { get; } = CommonOptions.Checkpoint("A dcs or qcs checkpoint (best.ckpt): a path or a blob URI");
    public Option<string> Dataset { get; } = CommonOptions.Dataset("Dataset kind of --data");
    public Option<string> Data { get; } = CommonOptions.Data();
    public Option<string> Output { get; } = CommonOptions.Output("Folder for attention-NN.png and explain.json (written last): a path or a blob folder URI");
    public Option<int> Count { get; } = new("--count", "-n") { Description = $"Images to explain, different classes first (1..{ExplainOptions.MaxCount})", HelpName = "n", DefaultValueFactory = _ => 4 };
    public Option<string> Split { get; } = new("--split") { Description = "Split to take the images from: test, validation or train", HelpName = "split", DefaultValueFactory = _ => "test" };
    public Option<int> Threads { get; } = CommonOptions.Threads();

    public IEnumerable<Option> All => [Checkpoint, Dataset, Data, Output, Count, Split, Threads];

    /// <summary>Resolves the parsed options into <see cref="ExplainOptions"/> on local paths; bad values name the option.</summary>
    public ExplainOptions Resolve(ParseResult parse, string localCheckpoint, string localData, string localOutput)
    {
        var kind = DatasetNames.Parse(parse.GetValue(Dataset));
        var splitText = parse.GetValue(Split);
        if (!Enum.TryParse<DatasetSplit>(splitText, ignoreCase: true, out var split) || int.TryParse(splitText, out _))
            throw new TrainingInputException($"--split '{splitText}' is unknown. Known: test, validation, train");
        return new ExplainOptions(localCheckpoint, kind, localData, localOutput, parse.GetValue(Count), split, parse.GetValue(Threads)).Validate();
    }
}
