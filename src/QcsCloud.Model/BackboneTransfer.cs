using static TorchSharp.torch;
using Module = TorchSharp.torch.nn.Module;

namespace QcsCloud.Model;

/// <summary>
/// Fine-tuning "from the AffectNet-8 model" (docs/method.md section 3): copy every weight but the class-dependent heads
/// (<c>VIT_base.head.*</c>, <c>VIT_cross.head.*</c>) from a trained network into a fresh one, by name.
/// </summary>
public static class BackboneTransfer
{
    /// <summary>Counts of a transfer: copied tensors, heads left fresh, target keys the source lacks (left as initialised).</summary>
    public sealed record Result(int Copied, int HeadsSkipped, IReadOnlyList<string> NotInSource);

    public static bool IsHead(string key) => key.StartsWith("VIT_base.head.", StringComparison.Ordinal) || key.StartsWith("VIT_cross.head.", StringComparison.Ordinal);

    /// <summary>Copies; throws <see cref="WeightImportException"/> naming the key when a non-head shape differs, or when nothing is shared.</summary>
    public static Result CopyBackbone(Module source, Module target)
    {
        var from = source.state_dict();
        var to = target.state_dict();
        var plan = new List<(Tensor Dest, Tensor Value)>();
        var heads = 0;
        var notInSource = new List<string>();
        foreach (var (key, dest) in to)
        {
            if (IsHead(key)) { heads++; continue; }
            if (!from.TryGetValue(key, out var value)) { notInSource.Add(key); continue; }
            if (!dest.shape.SequenceEqual(value.shape))
                throw new WeightImportException(
                    $"Backbone transfer: '{key}' is [{string.Join(", ", value.shape)}] in the source but [{string.Join(", ", dest.shape)}] in the target; the architectures differ");
            plan.Add((dest, value));
        }
        if (plan.Count == 0) throw new WeightImportException("Backbone transfer: the source and target networks share no weights");
        using (no_grad())
            foreach (var (dest, value) in plan) dest.copy_(value);
        return new Result(plan.Count, heads, notInSource);
    }
}
