using QcsCloud.Data.Transforms;
using QcsCloud.Model;
using static TorchSharp.torch;

namespace QcsCloud.Training.Explain;

/// <summary>
/// Runs a DCS/QCS network in eval mode on each tuple (batch of one, so that the CSA's batch-wide min/max involves this
/// tuple only) and keeps the anchor's CSA map of every level and its base-head prediction.
/// </summary>
public static class AttentionExplainer
{
    public static IReadOnlyList<ExplainedImage> Explain(TrainingNetwork network, IReadOnlyList<ExplainTuple> tuples, TransformOptions evalTransform)
    {
        var size = evalTransform.CropSize;
        var results = new List<ExplainedImage>();
        var wasTraining = network.training;
        network.eval();
        network.RecordAttentionMaps = true;
        try
        {
            foreach (var tuple in tuples)
            {
                using var scope = NewDisposeScope();
                using var _ = no_grad();
                var faces = tuple.Branches.Select(s => s.Image.Load()).ToArray();
                var branches = faces
                    .Select(f => tensor(ImageTransform.Apply(f, evalTransform, null), [1, 3, size, size]))   // [1, 3, S, S]
                    .ToArray();
                var output = network.call(branches);
                var probabilities = output.BaseLogits[0].softmax(1);                                          // [1, C]
                var predicted = (int)probabilities.argmax(1).item<long>();
                var confidence = probabilities[0, predicted].item<float>();
                var maps = network.LastAttentionMaps
                    ?? throw new InvalidOperationException($"{network.Mode} network recorded no attention maps");
                var levels = maps.Select(level => level[0][0].data<float>().ToArray()).ToList();                 // [level][N] of branch a
                results.Add(new ExplainedImage(tuple.Anchor.Id, faces[0], tuple.Anchor.Label, predicted, confidence, levels));
            }
        }
        finally
        {
            network.RecordAttentionMaps = false;
            network.train(wasTraining);
        }
        return results;
    }
}
