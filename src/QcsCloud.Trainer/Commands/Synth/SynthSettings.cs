using System.CommandLine;
using QcsCloud.Trainer.Commands.Shared;

namespace QcsCloud.Trainer.Commands.Synth;

/// <summary>The options of <c>qcs synth</c>.</summary>
public sealed class SynthSettings
{
    /// <summary><c>--dataset</c>; <c>--format</c>/<c>-f</c> until the next release.</summary>
    public Option<string> Dataset { get; } = CommonOptions.Dataset("Layout to write", withGeneric: false).WithOldNames("--format", "-f");

    /// <summary><c>--output</c>; <c>--out</c> until the next release.</summary>
    public Option<string> Output { get; } = CommonOptions.Output("Folder to write (created)", "dir").WithOldNames("--out");

    public Option<int> PerClass { get; } = new("--per-class", "-n") { Description = "Training images per class (test: a quarter, rounded up)", HelpName = "n", DefaultValueFactory = _ => 20 };
    public Option<int> Seed { get; } = CommonOptions.Seed("Seed: the same seed writes the same files");

    public IEnumerable<Option> All => [Dataset, Output, PerClass, Seed];
}
