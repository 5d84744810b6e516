using Module = TorchSharp.torch.nn.Module;
using static TorchSharp.torch;

namespace QcsCloud.Model;

/// <summary>
/// The one by-name copy of tensors into a module's state dict, used by weight import, checkpoint loading, the backbone
/// transfer and the inference network. <see cref="Plan"/> matches names and shapes and copies nothing; each caller
/// decides what it refuses (a missing key, a shape mismatch, too few matches) before <see cref="Apply"/> copies, so a
/// refused load leaves the target untouched.
/// </summary>
public sealed class StateDictCopy
{
    /// <summary>A source tensor whose mapped name exists in the target with another shape.</summary>
    public sealed record Mismatch(string SourceKey, string TargetName, long[] SourceShape, long[] TargetShape)
    {
        public override string ToString() => $"{TargetName}: source [{string.Join(",", SourceShape)}], target [{string.Join(",", TargetShape)}]";
    }

    private readonly Dictionary<string, Tensor> targetState;
    private readonly List<(string Target, Tensor Value)> matches;

    private StateDictCopy(Dictionary<string, Tensor> targetState, List<(string Target, Tensor Value)> matches,
        IReadOnlyList<string> missing, IReadOnlyList<string> unused, IReadOnlyList<Mismatch> mismatches)
    {
        this.targetState = targetState;
        this.matches = matches;
        Missing = missing;
        Unused = unused;
        Mismatches = mismatches;
    }

    /// <summary>Target names that will receive a value, in the source's order.</summary>
    public IReadOnlyList<string> Loaded => matches.Select(m => m.Target).ToList();

    /// <summary>Target names in scope that the source does not provide (left as they are).</summary>
    public IReadOnlyList<string> Missing { get; }

    /// <summary>Source keys that map to no target name (or that the name map dropped), in ordinal order.</summary>
    public IReadOnlyList<string> Unused { get; }

    /// <summary>Source keys whose target has another shape (never copied).</summary>
    public IReadOnlyList<Mismatch> Mismatches { get; }

    /// <param name="target">The module to fill.</param>
    /// <param name="source">Tensors by name (a state dict, a checkpoint, a PyTorch file).</param>
    /// <param name="mapName">Source key -> target name; null drops the key (counted as unused). Default: the key itself.</param>
    /// <param name="inScope">Which target names take part (others are neither filled nor reported missing). Default: all.</param>
    /// <param name="sameShape">Shape test; default exact equality. A match that passes a looser test is reshaped on copy.</param>
    public static StateDictCopy Plan(Module target, IReadOnlyDictionary<string, Tensor> source,
        Func<string, string?>? mapName = null, Func<string, bool>? inScope = null, Func<Tensor, Tensor, bool>? sameShape = null)
    {
        var targetState = target.state_dict();
        sameShape ??= (to, from) => to.shape.SequenceEqual(from.shape);
        var matches = new List<(string, Tensor)>();
        var unused = new List<string>();
        var mismatches = new List<Mismatch>();
        var filled = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (key, value) in source)
        {
            var name = mapName is null ? key : mapName(key);
            if (name is null || (inScope is not null && !inScope(name)) || !targetState.TryGetValue(name, out var dest))
            {
                unused.Add(key);
                continue;
            }
            if (!sameShape(dest, value))
            {
                mismatches.Add(new Mismatch(key, name, value.shape, dest.shape));
                continue;
            }
            matches.Add((name, value));
            filled.Add(name);
        }
        var missing = targetState.Keys
            .Where(k => (inScope is null || inScope(k)) && !filled.Contains(k) && !mismatches.Any(m => m.TargetName == k))
            .ToList();
        unused.Sort(StringComparer.Ordinal);
        return new StateDictCopy(targetState, matches, missing, unused, mismatches);
    }

    /// <summary>Copies every match into the target (no gradient recorded) and returns how many tensors were copied.</summary>
    public int Apply()
    {
        using (no_grad())
            foreach (var (name, value) in matches)
            {
                var dest = targetState[name];
                dest.copy_(value.shape.SequenceEqual(dest.shape) ? value : value.reshape(dest.shape));
            }
        return matches.Count;
    }

    /// <summary>At most five names, then how many more: for error messages.</summary>
    public static string Preview(IEnumerable<string> names)
    {
        var list = names.ToList();
        return list.Count == 0 ? "none" : string.Join("; ", list.Take(5)) + (list.Count > 5 ? $"; ... {list.Count - 5} more" : "");
    }
}
