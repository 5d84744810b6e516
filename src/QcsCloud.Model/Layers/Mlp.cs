using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace QcsCloud.Model.Layers;

/// <summary>fc1 -> exact GELU -> dropout -> fc2 -> dropout (birdwcp/QCS vit_model Mlp).</summary>
public sealed class Mlp : Module<Tensor, Tensor>
{
    private readonly Linear fc1, fc2;
    private readonly Module<Tensor, Tensor> act, drop;

    public Mlp(long dim, long hidden, double dropout = 0) : base(nameof(Mlp))
    {
        fc1 = Linear(dim, hidden);
        act = GELU();
        fc2 = Linear(hidden, dim);
        drop = dropout > 0 ? Dropout(dropout) : Identity();
        RegisterComponents();
    }

    // [B, N, C] -> [B, N, C]
    public override Tensor forward(Tensor x) => drop.call(fc2.call(drop.call(act.call(fc1.call(x)))));
}
