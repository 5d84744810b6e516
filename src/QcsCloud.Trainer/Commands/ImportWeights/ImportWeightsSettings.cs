using System.CommandLine;
using QcsCloud.Trainer.Commands.Shared;

namespace QcsCloud.Trainer.Commands.ImportWeights;

/// <summary>The options of <c>qcs import-weights</c>.</summary>
public sealed class ImportWeightsSettings
{
    public Option<string> Input { get; } = new("--input", "-i") { Description = "PyTorch .pth file: path or blob URI", HelpName = "file|uri", Required = true };
    public Option<string> Output { get; } = CommonOptions.Output("The qcs checkpoint to write", "file");
    public Option<string> Dataset { get; } = CommonOptions.Dataset("Class list of the heads", withGeneric: false);
    public Option<string> Mode { get; } = new("--mode", "-m") { Description = "Network to build: baseline, dcs or qcs", HelpName = "mode", DefaultValueFactory = _ => "qcs" };
    public Option<string> Network { get; } = new("--network") { Description = "Network preset: paper or tiny", HelpName = "paper|tiny", DefaultValueFactory = _ => "paper" };

    public IEnumerable<Option> All => [Input, Output, Dataset, Mode, Network];
}
