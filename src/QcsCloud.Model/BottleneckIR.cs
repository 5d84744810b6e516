using QcsCloud.Model.Layers;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace QcsCloud.Model;

/// <summary>
/// IR unit of IR-50 (birdwcp/QCS models/ir50.py bottleneck_IR): res = BN -> conv3x3 -> PReLU -> conv3x3(stride) -> BN;
/// shortcut = MaxPool(1, stride) when the width is unchanged, else conv1x1(stride) -> BN; out = res + shortcut.
/// </summary>
public sealed class BottleneckIR : Module<Tensor, Tensor>
{
    private readonly Module<Tensor, Tensor> shortcut_layer;
    private readonly Sequential res_layer;

    public BottleneckIR(long inChannels, long depth, long stride) : base(nameof(BottleneckIR))
    {
        shortcut_layer = inChannels == depth
            ? MaxPool2d(1, stride)
            : Sequential(Conv2d(inChannels, depth, 1, stride: stride, bias: false), new SafeBatchNorm2d(depth));
        res_layer = Sequential(
            new SafeBatchNorm2d(inChannels),
            Conv2d(inChannels, depth, 3, stride: 1, padding: 1, bias: false),
            PReLU(depth),
            Conv2d(depth, depth, 3, stride: stride, padding: 1, bias: false),
            new SafeBatchNorm2d(depth));
        RegisterComponents();
    }

    // [B, Cin, H, W] -> [B, depth, H/stride, W/stride]; no activation after the add.
    public override Tensor forward(Tensor x) => res_layer.call(x).add(shortcut_layer.call(x), Scalars.One);
}
