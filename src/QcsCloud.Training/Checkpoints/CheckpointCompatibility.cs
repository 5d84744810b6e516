using System.Text.Json;
using QcsCloud.Core;
using QcsCloud.Model;

namespace QcsCloud.Training.Checkpoints;

/// <summary>Compares what a checkpoint was trained as with what a run expects, difference by difference.</summary>
public static class CheckpointCompatibility
{
    /// <summary>"class 7: checkpoint 'Contempt', dataset (none)" for every position where the class lists differ.</summary>
    public static IReadOnlyList<string> ClassDifferences(IReadOnlyList<string> checkpoint, IReadOnlyList<string> expected)
    {
        var differences = new List<string>();
        for (var i = 0; i < Math.Max(checkpoint.Count, expected.Count); i++)
        {
            var a = i < checkpoint.Count ? $"'{checkpoint[i]}'" : "(none)";
            var b = i < expected.Count ? $"'{expected[i]}'" : "(none)";
            if (a != b) differences.Add($"class {i}: checkpoint {a}, expected {b}");
        }
        return differences;
    }

    /// <summary>"EmbedDim: checkpoint 32, expected 768" for every architecture field that differs.</summary>
    public static IReadOnlyList<string> ArchitectureDifferences(NetworkOptions checkpoint, NetworkOptions expected, bool ignoreClassesAndDropout = false)
    {
        var a = JsonSerializer.SerializeToElement(checkpoint, QcsJson.Options);
        var b = JsonSerializer.SerializeToElement(expected, QcsJson.Options);
        var differences = new List<string>();
        foreach (var property in a.EnumerateObject())
        {
            if (ignoreClassesAndDropout && (property.Name == "numClasses" || property.Name.EndsWith("ropout", StringComparison.Ordinal))) continue;
            if (property.Name.EndsWith("ropout", StringComparison.Ordinal)) continue; // dropout does not change weights
            var other = b.TryGetProperty(property.Name, out var v) ? v.GetRawText() : "(none)";
            if (property.Value.GetRawText() != other)
                differences.Add($"{property.Name}: checkpoint {property.Value.GetRawText()}, expected {other}");
        }
        return differences;
    }

    /// <summary>Throws <see cref="TrainingInputException"/> listing every difference when the checkpoint cannot serve as this model.</summary>
    public static void RequireSame(string path, CheckpointHeader header, IReadOnlyList<string> classNames, NetworkOptions network)
    {
        var differences = ClassDifferences(header.ClassNames, classNames).Concat(ArchitectureDifferences(header.Network, network)).ToArray();
        if (differences.Length > 0)
            throw new TrainingInputException(
                $"Checkpoint '{path}' does not match this run: {string.Join("; ", differences)}. " +
                "To reuse only its backbone with other classes, use --finetune-from.");
    }
}
