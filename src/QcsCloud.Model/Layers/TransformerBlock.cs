using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace QcsCloud.Model.Layers;

/// <summary>Pre-norm ViT block: x += attn(LN(x)); x += mlp(LN(x)); LayerNorm eps 1e-6 (birdwcp/QCS vit_model Block).</summary>
public sealed class TransformerBlock : Module<Tensor, Tensor>
{
    public const double LayerNormEps = 1e-6;

    private readonly LayerNorm norm1, norm2;
    private readonly MultiHeadSelfAttention attn;
    private readonly Mlp mlp;

    public TransformerBlock(long dim, long heads, double mlpRatio, double dropout, double attnProjDropout) : base(nameof(TransformerBlock))
    {
        norm1 = LayerNorm(dim, LayerNormEps);
        attn = new MultiHeadSelfAttention(dim, heads, attnProjDropout);
        norm2 = LayerNorm(dim, LayerNormEps);
        mlp = new Mlp(dim, (long)(dim * mlpRatio), dropout);
        RegisterComponents();
    }

    // [B, N, C] -> [B, N, C]
    public override Tensor forward(Tensor x)
    {
        var h = x.add(attn.call(norm1.call(x)), Scalars.One);
        return h.add(mlp.call(norm2.call(h)), Scalars.One);
    }
}
