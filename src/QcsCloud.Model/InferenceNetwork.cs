using static TorchSharp.torch;

namespace QcsCloud.Model;

/// <summary>
/// What ships for prediction: one branch, VIT_base logits only. It neither computes nor holds the cross modules or
/// VIT_cross; its state-dict names are the training networks' names minus those, so it loads their checkpoints.
/// </summary>
public sealed class InferenceNetwork : SharedTrunkNetwork<Tensor, Tensor>
{
    public InferenceNetwork(NetworkOptions options) : base(nameof(InferenceNetwork), options) => RegisterComponents();

    // [B, 3, H, W] -> [B, classes]
    public override Tensor forward(Tensor images)
    {
        var (logits, tokens) = Branch(images);
        tokens.Dispose();
        return logits;
    }

    /// <summary>A new inference network with every shared parameter and buffer copied by name from a training network.</summary>
    public static InferenceNetwork FromTraining(TrainingNetwork training)
    {
        var inference = new InferenceNetwork(training.Options);
        var copy = StateDictCopy.Plan(inference, training.state_dict());
        if (copy.Missing.Count > 0 || copy.Mismatches.Count > 0)
            throw new InvalidOperationException(
                $"The training network does not fit the inference network: missing {StateDictCopy.Preview(copy.Missing)}; other shapes {StateDictCopy.Preview(copy.Mismatches.Select(m => m.ToString()))}");
        copy.Apply();
        return inference;
    }
}
