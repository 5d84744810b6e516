using QcsCloud.Model;
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
        var copy = StateDictCopy.Plan(module, source, inScope: include);
        var mismatched = copy.Mismatches.Select(m => $"{m.TargetName}: file [{string.Join(",", m.SourceShape)}], model [{string.Join(",", m.TargetShape)}]").ToList();
        var report = new Report(copy.Loaded, copy.Missing, copy.Unused, mismatched);
        if (strict && (copy.Missing.Count > 0 || mismatched.Count > 0))
            throw new TrainingInputException(
                $"'{sourceName}' does not fit the model: {copy.Missing.Count} missing ({StateDictCopy.Preview(copy.Missing)}), {mismatched.Count} of another shape ({StateDictCopy.Preview(mismatched)})");
        if (copy.Loaded.Count == 0)
            throw new TrainingInputException($"'{sourceName}': no tensor matches the model by name and shape ({source.Count} in the file, e.g. {StateDictCopy.Preview(source.Keys)})");
        copy.Apply();
        return report;
    }
}
