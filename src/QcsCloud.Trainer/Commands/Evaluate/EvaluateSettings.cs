using System.CommandLine;
using QcsCloud.Trainer.Commands.Shared;

namespace QcsCloud.Trainer.Commands.Evaluate;

/// <summary>The options of <c>qcs evaluate</c>.</summary>
public sealed class EvaluateSettings
{
    public Option<string> Checkpoint { get; } = CommonOptions.Checkpoint("A qcs checkpoint (best.ckpt, last.ckpt): path or blob URI");
    public Option<string> Dataset { get; } = CommonOptions.Dataset();
    public Option<string> Data { get; } = CommonOptions.Data();
    public Option<string> Split { get; } = new("--split") { Description = "test or train", HelpName = "split", DefaultValueFactory = _ => "test" };
    public Option<string> Output { get; } = CommonOptions.Output("Write the result as JSON to this file", "file", required: false);
    public Option<int> BatchSize { get; } = new("--batch-size", "-b") { Description = "Images per forward pass", HelpName = "n", DefaultValueFactory = _ => 64 };
    public Option<int> Threads { get; } = CommonOptions.Threads();
    public Option<int> Workers { get; } = CommonOptions.Workers();

    public IEnumerable<Option> All => [Checkpoint, Dataset, Data, Split, Output, BatchSize, Threads, Workers];
}
