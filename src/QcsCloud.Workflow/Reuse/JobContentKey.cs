using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Serialization;
using QcsCloud.Core;

namespace QcsCloud.Workflow.Reuse;

/// <summary>
/// What a training job's result depends on, and its content key: the SHA-256 of these inputs in a canonical text form.
/// Two jobs with the same key train the same model, so a run may reuse a succeeded job's outputs instead of launching it.
/// The configuration is the job's <c>qcs train</c> options without the run-specific ones (<c>--output</c>, the output
/// folder; <c>--data</c>, <c>--init</c>, <c>--finetune-from</c>: URIs that name a run or an account, replaced by the
/// content hashes of what they point at), sorted by option name. Pure: no I/O (see <see cref="JobReuseStore"/> for the hashes).
/// </summary>
/// <param name="TrainerVersion">The trainer build the job runs (<c>Qcs:Jobs:TrainerVersion</c>, else the image or the host's build).</param>
/// <param name="Configuration">The resolved <c>qcs train</c> options, <c>--name value</c> pairs sorted by name, run-specific ones removed.</param>
/// <param name="DatasetHash">Content hash of the staged dataset (its pack manifest's <c>contentHash</c>).</param>
/// <param name="InitialWeightsHash">Content hash of the weights the job starts from (<c>--init</c> or <c>--finetune-from</c>); null for random weights.</param>
/// <param name="Mode">baseline, dcs or qcs.</param>
/// <param name="Variant">The plan variant's name (the arm in a grid); null without variants.</param>
/// <param name="Seed">The job's seed.</param>
public sealed record JobContentKey(
    string TrainerVersion,
    IReadOnlyList<string> Configuration,
    string DatasetHash,
    string? InitialWeightsHash,
    string Mode,
    string? Variant,
    int Seed)
{
    /// <summary>Options that name where a run's files are, not what is trained.</summary>
    public static IReadOnlySet<string> RunSpecificOptions { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "--output", "--data", "--init", "--finetune-from",
    };

    /// <summary>The key: 64 lower-case hex digits of SHA-256 over <see cref="CanonicalText"/>.</summary>
    [JsonIgnore]
    public string Key => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(CanonicalText))).ToLowerInvariant();

    /// <summary>One line per input, in a fixed order; what <see cref="Key"/> hashes.</summary>
    [JsonIgnore]
    public string CanonicalText
    {
        get
        {
            var text = new StringBuilder();
            text.Append("qcs-job-key/1\n");
            text.Append("trainer\t").Append(TrainerVersion).Append('\n');
            text.Append("dataset\t").Append(DatasetHash).Append('\n');
            text.Append("weights\t").Append(InitialWeightsHash ?? "none").Append('\n');
            text.Append("mode\t").Append(Mode).Append('\n');
            text.Append("variant\t").Append(Variant ?? "none").Append('\n');
            text.Append("seed\t").Append(Seed.ToString(CultureInfo.InvariantCulture)).Append('\n');
            foreach (var option in Configuration) text.Append("option\t").Append(option).Append('\n');
            return text.ToString();
        }
    }

    /// <summary>
    /// The key inputs of a <c>qcs train</c> spec (<see cref="JobKind.Train"/>; its arguments are the verb, then
    /// <c>--name value</c> pairs as <c>JobSpecFactory</c> writes them).
    /// </summary>
    public static JobContentKey For(JobSpec spec, string trainerVersion, string datasetHash, string? initialWeightsHash, string? variant)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.Kind != JobKind.Train) throw new ArgumentException($"{spec.Name}: only training jobs have a content key here (staging is shared by content already).", nameof(spec));
        var options = Options(spec);
        var configuration = options
            .Where(o => !RunSpecificOptions.Contains(o.Name))
            .OrderBy(o => o.Name, StringComparer.Ordinal)
            .Select(o => $"{o.Name} {o.Value}")
            .ToList();
        var mode = options.FirstOrDefault(o => o.Name == "--mode").Value
            ?? throw new ArgumentException($"{spec.Name}: no --mode", nameof(spec));
        var seed = options.FirstOrDefault(o => o.Name == "--seed").Value
            ?? throw new ArgumentException($"{spec.Name}: no --seed", nameof(spec));
        return new(trainerVersion, configuration, datasetHash, initialWeightsHash, mode, variant, int.Parse(seed, CultureInfo.InvariantCulture));
    }

    /// <summary>The value of <paramref name="option"/> in a spec's arguments, or null.</summary>
    public static string? Option(JobSpec spec, string option) => Options(spec).FirstOrDefault(o => o.Name == option).Value;

    private static List<(string Name, string Value)> Options(JobSpec spec)
    {
        var args = spec.Arguments;
        var options = new List<(string, string)>();
        for (var i = 1; i < args.Count; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Count)
                throw new ArgumentException($"{spec.Name}: argument {i} '{args[i]}' is not an --option with a value", nameof(spec));
            options.Add((args[i], args[i + 1]));
        }
        return options;
    }
}
