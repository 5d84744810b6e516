using System.CommandLine;
using System.CommandLine.Help;
using QcsCloud.Core;
using QcsCloud.Trainer.Cli;
using QcsCloud.Trainer.Storage;

namespace QcsCloud.Trainer.Tests;

/// <summary>One option name per meaning across verbs; the old spellings still parse for one release (docs/trainer.md, "Renamed options").</summary>
[TestClass]
public sealed class OptionNamesTests
{
    [TestMethod]
    [DataRow("synth --format rafdb --out /tmp/s --per-class 3 --seed 2", "synth --dataset rafdb --output /tmp/s --per-class 3 --seed 2")]
    [DataRow("synth -f ferplus -o /tmp/s", "synth --dataset ferplus --output /tmp/s")]
    [DataRow("pack --dataset rafdb --input /tmp/in --output /tmp/out --skip-bad", "pack --dataset rafdb --data /tmp/in --output /tmp/out --skip-bad")]
    [DataRow("pack -d rafdb -i /tmp/in -o /tmp/out", "pack --dataset rafdb --data /tmp/in --output /tmp/out")]
    public void An_old_option_spelling_parses_to_the_same_settings_as_the_new_one(string old, string renamed)
    {
        var before = Bound(old);
        var after = Bound(renamed);

        CollectionAssert.AreEquivalent(after.ToArray(), before.ToArray(), $"old: {Show(before)}\nnew: {Show(after)}");
        Assert.IsTrue(after.Values.Contains("/tmp/s") || after.Values.Contains("/tmp/in"), Show(after));
    }

    [TestMethod]
    [DataRow("train", true)]
    [DataRow("evaluate", true)]
    [DataRow("explain", true)]
    [DataRow("pack", true)]
    [DataRow("synth", false)]
    [DataRow("import-weights", false)]
    public async Task An_unknown_dataset_name_is_one_error_listing_the_known_names(string verb, bool withGeneric)
    {
        var folder = SyntheticFolders.NewFolder("unknown-dataset");
        var file = Path.Combine(folder, "some.ckpt");
        await File.WriteAllBytesAsync(file, [1, 2, 3]);
        var output = Path.Combine(folder, "out");
        string[] args = verb switch
        {
            "train" => ["train", "--dataset", "imagenet", "--data", folder, "--output", output],
            "evaluate" => ["evaluate", "--dataset", "imagenet", "--data", folder, "--checkpoint", file],
            "explain" => ["explain", "--dataset", "imagenet", "--data", folder, "--checkpoint", file, "--output", output],
            "pack" => ["pack", "--dataset", "imagenet", "--data", folder, "--output", output],
            "synth" => ["synth", "--dataset", "imagenet", "--output", output],
            _ => ["import-weights", "--dataset", "imagenet", "--input", file, "--output", Path.Combine(folder, "out.ckpt")],
        };

        var result = await CliRunner.RunAsync(args);

        Assert.AreEqual(JobExitCode.BadInput, result.ExitCode, result.ToString());
        var known = withGeneric ? DatasetCatalog.Names : DatasetCatalog.NamesWithClassList;
        var errors = result.Error.Split('\n').Where(l => l.StartsWith("error", StringComparison.Ordinal)).ToArray();
        Assert.HasCount(1, errors, result.ToString());
        StringAssert.EndsWith(errors[0].TrimEnd(), $"--dataset 'imagenet' is unknown. Known: {string.Join(", ", known)}", result.ToString());
    }

    /// <summary>Every option of the parsed verb with the value it bound (defaults included), by the option's name.</summary>
    private static Dictionary<string, string> Bound(string commandLine)
    {
        var services = new CliServices(CliServices.PlainConsole(TextWriter.Null), TextWriter.Null, new StorageFolders(TestSetup.Storage), Interactive: false, CancellationToken.None);
        var parse = Program.CreateRoot(services).Parse(commandLine.Split(' '));
        Assert.IsEmpty(parse.Errors, string.Join("; ", parse.Errors.Select(e => e.Message)));
        return parse.CommandResult.Command.Options.Where(o => o is not HelpOption)
            .ToDictionary(o => o.Name, o => $"{parse.GetResult(o)?.GetValueOrDefault<object>()}");
    }

    private static string Show(Dictionary<string, string> values) => string.Join(" ", values.Select(v => $"{v.Key}={v.Value}"));
}
