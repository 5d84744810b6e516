using static TorchSharp.torch;

namespace QcsCloud.Training.Checkpoints;

/// <summary>Copies tensors into a module's state by name and shape, and says exactly what did not fit.</summary>
public static class StateLoader
{
    /// <summary>What a load did: names copied, names the module wanted but the source lacks, and source names left over.</summary>
    public sealed record Report(IReadOnlyList<string> Loaded, IReadOnlyList<string> Missing, IReadOnlyList<string> Unused, IReadOnlyList<string> ShapeMismatches);

    /// <param name="include">Which of the module's names to fill (null: all).</param>
    /// <param name="strict">Throw unless every included name was copied and nothing mismatched.</param>
    public static Report Load(nn.Module module, IReadOnlyDictionary<string, Tensor> source, string sourceName, bool strict, Func<string, bool>? include = null)
    {
        var loaded = new List<string>();
        var missing = new List<string>();
        var mismatched = new List<string>();
        var used = new HashSet<string>();
        using (no_grad())
        {
            foreach (var (name, target) in module.state_dict())
            {
                if (include is not null && !include(name)) continue;
                if (!source.TryGetValue(name, out var value)) { missing.Add(name); continue; }
                used.Add(name);
                if (!value.shape.SequenceEqual(target.shape))
                {
                    mismatched.Add($"{name}: file [{string.Join(",", value.shape)}], model [{string.Join(",", target.shape)}]");
                    continue;
                }
                target.copy_(value);
                loaded.Add(name);
            }
        }
        var unused = source.Keys.Where(k => !used.Contains(k)).Order(StringComparer.Ordinal).ToArray();
        var report = new Report(loaded, missing, unused, mismatched);
        if (strict && (missing.Count > 0 || mismatched.Count > 0))
            throw new TrainingInputException(
                $"'{sourceName}' does not fit the model: {missing.Count} missing ({Preview(missing)}), {mismatched.Count} of another shape ({Preview(mismatched)})");
        if (loaded.Count == 0)
            throw new TrainingInputException($"'{sourceName}': no tensor matches the model by name and shape ({source.Count} in the file, e.g. {Preview(source.Keys.ToList())})");
        return report;
    }

    private static string Preview(IReadOnlyList<string> names) =>
        names.Count == 0 ? "none" : string.Join("; ", names.Take(5)) + (names.Count > 5 ? $"; ... {names.Count - 5} more" : "");
}
