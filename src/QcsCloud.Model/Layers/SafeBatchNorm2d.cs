using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace QcsCloud.Model.Layers;

/// <summary>
/// TorchSharp's BatchNorm2d with one change: the train-mode batch count is incremented with long-lived scalars.
/// TorchSharp 0.107 writes <c>num_batches_tracked.add_(1)</c>, two temporary Scalars that a collection on a loader
/// thread can free mid-call (see <see cref="Scalars"/>). Same parameters, buffers, names and arithmetic.
/// </summary>
public sealed class SafeBatchNorm2d : BatchNorm
{
    public SafeBatchNorm2d(long features, double eps = 1e-5, double momentum = 0.1)
        : base(features, eps, momentum, affine: true, track_running_stats: true, device: null, dtype: null, name: "BatchNorm2d")
    {
    }

    public override Tensor forward(Tensor input)
    {
        ValidateInputDimensions(input);
        if (training) num_batches_tracked!.add_(Scalars.One, Scalars.One);
        // momentum is never null here (set above); None would mean a cumulative average by the batch count.
        return F.batch_norm(input, running_mean, running_var, weight, bias, training, momentum!.Value, eps);
    }

    protected override void ValidateInputDimensions(Tensor input)
    {
        if (input.ndim != 4) throw new ArgumentException($"expected 4D input, but got {input.ndim}D input.");
    }
}
