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
        var copy = StateDictCopy.Plan(target, source.state_dict(), inScope: key => !IsHead(key));
        if (copy.Mismatches.FirstOrDefault() is { } bad)
            throw new WeightImportException(
                $"Backbone transfer: '{bad.TargetName}' is [{string.Join(", ", bad.SourceShape)}] in the source but [{string.Join(", ", bad.TargetShape)}] in the target; the architectures differ");
        if (copy.Loaded.Count == 0) throw new WeightImportException("Backbone transfer: the source and target networks share no weights");
        var heads = target.state_dict().Keys.Count(IsHead);
        return new Result(copy.Apply(), heads, copy.Missing);
    }
}
