using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace QcsCloud.Model.Layers;

/// <summary>The ViT's cls gate: x * sigmoid(linear2(relu(linear1(x)))) (birdwcp/QCS vit_model SE_block).</summary>
public sealed class SqueezeExcitationGate : Module<Tensor, Tensor>
{
    private readonly Linear linear1, linear2;

    public SqueezeExcitationGate(long dim) : base(nameof(SqueezeExcitationGate))
    {
        linear1 = Linear(dim, dim);
        linear2 = Linear(dim, dim);
        RegisterComponents();
    }

    // [B, C] -> [B, C]
    public override Tensor forward(Tensor x) => x * linear2.call(functional.relu(linear1.call(x))).sigmoid();
}
