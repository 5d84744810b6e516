using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace QcsCloud.Model.Layers;

/// <summary>The class-dependent Linear, wrapped so its key is <c>head.linear.*</c> like the reference.</summary>
public sealed class ClassificationHead : Module<Tensor, Tensor>
{
    private readonly Linear linear;

    public ClassificationHead(long dim, long classes) : base(nameof(ClassificationHead))
    {
        linear = Linear(dim, classes);
        RegisterComponents();
    }

    // [B, C] -> [B, classes]
    public override Tensor forward(Tensor x) => linear.call(x);
}
