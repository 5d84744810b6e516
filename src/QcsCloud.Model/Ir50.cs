using QcsCloud.Model.Layers;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace QcsCloud.Model;

/// <summary>
/// The IR-50 trunk the reference runs (birdwcp/QCS models/ir50.py Backbone, mode "ir"): nearest resize to the
/// backbone size, input layer, body1..3 (the never-run output_layer is not built). Returns the three stage maps.
/// </summary>
public sealed class Ir50 : Module<Tensor, (Tensor X1, Tensor X2, Tensor X3)>
{
    private readonly Sequential input_layer, body1, body2, body3;
    private readonly long backboneSize;

    public Ir50(NetworkOptions options) : base(nameof(Ir50))
    {
        var w = options.StageWidths;
        var d = options.StageDepths;
        backboneSize = options.BackboneInputSize;
        input_layer = Sequential(Conv2d(3, w[0], 3, stride: 1, padding: 1, bias: false), new SafeBatchNorm2d(w[0]), PReLU(w[0]));
        body1 = Stage(w[0], w[0], d[0]);
        body2 = Stage(w[0], w[1], d[1]);
        body3 = Stage(w[1], w[2], d[2]);
        RegisterComponents();
    }

    // First unit strides 2, the rest keep the size (get_block in the reference).
    private static Sequential Stage(long inChannels, long depth, int units) =>
        Sequential(Enumerable.Range(0, units)
            .Select(i => (Module<Tensor, Tensor>)new BottleneckIR(i == 0 ? inChannels : depth, depth, i == 0 ? 2 : 1))
            .ToArray());

    public override (Tensor X1, Tensor X2, Tensor X3) forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        // F.interpolate(x, size=112) with defaults = nearest; a no-op when the sizes already agree.
        var resized = x.shape[2] == backboneSize && x.shape[3] == backboneSize
            ? x
            : functional.interpolate(x, size: [backboneSize, backboneSize], mode: InterpolationMode.Nearest); // [B,3,S,S]
        var x1 = body1.call(input_layer.call(resized)); // [B, w0, S/2, S/2]
        var x2 = body2.call(x1);                         // [B, w1, S/4, S/4]
        var x3 = body3.call(x2);                         // [B, w2, S/8, S/8]
        return (x1.MoveToOuterDisposeScope(), x2.MoveToOuterDisposeScope(), x3.MoveToOuterDisposeScope());
    }
}
