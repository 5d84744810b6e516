using System.CommandLine;
using QcsCloud.Data.Images;
using QcsCloud.Trainer.Commands.Shared;

namespace QcsCloud.Trainer.Commands.Pack;

/// <summary>The options of <c>qcs pack</c> (the contract of the workflow's staging job).</summary>
public sealed class PackSettings
{
    public Option<string> Dataset { get; } = CommonOptions.Dataset();

    /// <summary><c>--data</c>; <c>--input</c>/<c>-i</c> until the next release.</summary>
    public Option<string> Data { get; } = CommonOptions.Data("Dataset in its official layout: path or blob folder URI").WithOldNames("--input", "-i");

    public Option<string> Output { get; } = CommonOptions.Output("Folder for manifest.json, shards and completion.json: path or blob folder URI");
    public Option<bool> SkipBad { get; } = new("--skip-bad") { Description = "Skip bad entries and bad images (listed in the manifest) instead of failing" };
    public Option<int> MinSide { get; } = new("--min-side") { Description = $"Images whose shorter side is below this many pixels are bad (default {ImageVerifier.DefaultMinSide})", HelpName = "px", DefaultValueFactory = _ => ImageVerifier.DefaultMinSide };
    public Option<int> Threads { get; } = CommonOptions.Threads("Threads decoding images (every image is decoded once to verify it); 0 = all cores", defaultValue: 0);
    public Option<int> Wait { get; } = new("--wait", "-w")
    {
        Description = "Seconds to wait while another pack writes the same output, then use its result (0: exit 2 at once)",
        HelpName = "seconds",
        DefaultValueFactory = _ => 3600,
    };

    public IEnumerable<Option> All => [Dataset, Data, Output, SkipBad, MinSide, Threads, Wait];
}
