using System.CommandLine;
using QcsCloud.Trainer.Commands.Shared;

namespace QcsCloud.Trainer.Commands.Predict;

/// <summary>The arguments and options of <c>qcs predict</c>.</summary>
public sealed class PredictSettings
{
    public Argument<string[]> Inputs { get; } = new("inputs") { Description = "Image files or folders (searched recursively for .jpg .jpeg .png .bmp .webp)", Arity = ArgumentArity.OneOrMore };
    public Option<string> Checkpoint { get; } = CommonOptions.Checkpoint("A qcs checkpoint: path or blob URI");
    public Option<string> Format { get; } = new("--format", "-f") { Description = "json or csv", HelpName = "json|csv", DefaultValueFactory = _ => "json" };
    public Option<bool> Logits { get; } = new("--logits") { Description = "Also output the raw logits" };
    public Option<string> Output { get; } = CommonOptions.Output("Write to this file instead of standard output", "file", required: false);
    public Option<int> BatchSize { get; } = new("--batch-size", "-b") { Description = "Images per forward pass", HelpName = "n", DefaultValueFactory = _ => 32 };
    public Option<int> Threads { get; } = CommonOptions.Threads();
    public Option<bool> AllowTruncated { get; } = new("--allow-truncated") { Description = "Classify truncated image files (the missing part decodes grey) instead of refusing them" };

    public IEnumerable<Option> All => [Checkpoint, Format, Logits, Output, BatchSize, Threads, AllowTruncated];
}
