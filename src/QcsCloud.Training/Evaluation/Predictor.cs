using QcsCloud.Data.Datasets;
using QcsCloud.Data.Loading;
using QcsCloud.Data.Sampling;
using QcsCloud.Data.Transforms;
using static TorchSharp.torch;

namespace QcsCloud.Training.Evaluation;

/// <summary>Runs a classifier over images in eval mode, without gradients, one dispose scope per batch; images decode on loader threads.</summary>
public static class Predictor
{
    /// <summary>Per image, in input order: the arg-max class, the softmax probabilities and optionally the logits.</summary>
    public sealed record Predictions(int[] Classes, float[][] Probabilities, float[][]? Logits);

    /// <param name="logitsOf">[B, 3, H, W] -> [B, classes], e.g. an inference network or a training network's base branch.</param>
    public static Predictions Run(
        Func<Tensor, Tensor> logitsOf, IReadOnlyList<Sample> images, int numClasses, TransformOptions transform,
        int batchSize, int workers, Device device, bool keepLogits = false, CancellationToken cancellationToken = default)
    {
        var loader = new BatchLoader(images, new SequentialSampler(images.Count), transform, BatchLoaderOptions.Evaluation(batchSize, workers));
        var classes = new int[images.Count];
        var probabilities = new float[images.Count][];
        var logits = keepLogits ? new float[images.Count][] : null;
        using (no_grad())
        {
            foreach (var batch in loader.Epoch(0, 0, cancellationToken))
            {
                using var scope = NewDisposeScope();
                var x = tensor(batch.Images[0], batch.ImageShape).to(device);                         // [B, 3, S, S]
                var z = logitsOf(x);                                                                   // [B, C]
                if (z.shape[1] != numClasses) throw new TrainingInputException($"The model has {z.shape[1]} outputs, expected {numClasses} classes");
                var p = nn.functional.softmax(z, 1).cpu().data<float>().ToArray();                     // B*C
                var zs = keepLogits ? z.cpu().data<float>().ToArray() : null;
                var first = batch.Index * batchSize;
                for (var i = 0; i < batch.Size; i++)
                {
                    var row = p.AsSpan(i * numClasses, numClasses).ToArray();
                    probabilities[first + i] = row;
                    classes[first + i] = Array.IndexOf(row, row.Max());
                    if (zs is not null) logits![first + i] = zs.AsSpan(i * numClasses, numClasses).ToArray();
                }
            }
        }
        return new Predictions(classes, probabilities, logits);
    }
}
