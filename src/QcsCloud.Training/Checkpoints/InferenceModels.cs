using QcsCloud.Data.Transforms;
using QcsCloud.Model;

namespace QcsCloud.Training.Checkpoints;

/// <summary>Loads the inference network (VIT_base logits only) of a checkpoint, with the eval transform it was trained for.</summary>
public static class InferenceModels
{
    public sealed record Loaded(InferenceNetwork Network, CheckpointHeader Header, TransformOptions EvalTransform) : IDisposable
    {
        public void Dispose() => Network.Dispose();
    }

    public static Loaded Load(string path)
    {
        using var checkpoint = Checkpoint.Load(path);
        var network = new InferenceNetwork(checkpoint.Header.Network);
        try
        {
            StateLoader.Load(network, checkpoint.ModelState, path, strict: true);
        }
        catch
        {
            network.Dispose();
            throw;
        }
        network.eval();
        var transform = TransformOptions.For(checkpoint.Header.Config.Recipe.Transform, train: false, checkpoint.Header.Network.InputSize);
        return new Loaded(network, checkpoint.Header, transform);
    }
}
