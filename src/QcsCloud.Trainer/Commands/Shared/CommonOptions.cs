using System.CommandLine;
using QcsCloud.Core;

namespace QcsCloud.Trainer.Commands.Shared;

/// <summary>
/// The options several verbs share, declared once: one name, short alias, placeholder and default per meaning
/// (docs/trainer.md, "Options"). Each verb adds its own description where the meaning narrows.
/// </summary>
public static class CommonOptions
{
    /// <summary><c>--dataset, -d &lt;kind&gt;</c>, required; the help lists <see cref="DatasetCatalog.Names"/>. Parse it with <see cref="DatasetNames.Parse"/>.</summary>
    public static Option<string> Dataset(string purpose = "Dataset kind", bool withGeneric = true) => new("--dataset", "-d")
    {
        Description = $"{purpose}: {string.Join(", ", withGeneric ? DatasetCatalog.Names : DatasetCatalog.NamesWithClassList)}",
        HelpName = "kind",
        Required = true,
    };

    /// <summary><c>--data &lt;dir|uri&gt;</c>, required: the dataset folder a verb reads.</summary>
    public static Option<string> Data(string description = "Dataset folder (official layout or `qcs pack` output): a path or a blob folder URI") => new("--data")
    {
        Description = description,
        HelpName = "dir|uri",
        Required = true,
    };

    /// <summary><c>--output, -o</c>: what a verb writes (a folder or a file, as <paramref name="helpName"/> says).</summary>
    public static Option<string> Output(string description, string helpName = "dir|uri", bool required = true) => new("--output", "-o")
    {
        Description = description,
        HelpName = helpName,
        Required = required,
    };

    /// <summary><c>--checkpoint, -c &lt;file|uri&gt;</c>, required: a qcs checkpoint to read.</summary>
    public static Option<string> Checkpoint(string description) => new("--checkpoint", "-c")
    {
        Description = description,
        HelpName = "file|uri",
        Required = true,
    };

    /// <summary><c>--threads, -t &lt;n&gt;</c>; default: every core (Torch CPU threads), or <paramref name="defaultValue"/>.</summary>
    public static Option<int> Threads(string description = "Torch CPU threads", int? defaultValue = null) => new("--threads", "-t")
    {
        Description = description,
        HelpName = "n",
        DefaultValueFactory = _ => defaultValue ?? Math.Max(1, Environment.ProcessorCount),
    };

    /// <summary><c>--workers &lt;n&gt;</c>, default 2: image decoding threads beside the Torch thread.</summary>
    public static Option<int> Workers(string description = "Image decoding threads") => new("--workers")
    {
        Description = description,
        HelpName = "n",
        DefaultValueFactory = _ => 2,
    };

    /// <summary><c>--seed, -s &lt;n&gt;</c>, default 1.</summary>
    public static Option<int> Seed(string description) => new("--seed", "-s")
    {
        Description = description,
        HelpName = "n",
        DefaultValueFactory = _ => 1,
    };

    /// <summary>
    /// Keeps a verb's old spellings of a renamed option working for one release (docs/trainer.md, "Renamed options").
    /// </summary>
    public static Option<T> WithOldNames<T>(this Option<T> option, params string[] oldNames)
    {
        foreach (var name in oldNames) option.Aliases.Add(name);
        return option;
    }
}
