using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace QcsCloud.Model.Layers;

/// <summary>ViT self-attention with qkv bias (birdwcp/QCS vit_model Attention; attention dropout is 0 in every recipe).</summary>
public sealed class MultiHeadSelfAttention : Module<Tensor, Tensor>
{
    private readonly Linear qkv, proj;
    private readonly Module<Tensor, Tensor> proj_drop;
    private readonly long heads;
    private readonly Scalar scale;   // lives with the module (see Scalars)

    public MultiHeadSelfAttention(long dim, long heads, double projDropout = 0) : base(nameof(MultiHeadSelfAttention))
    {
        this.heads = heads;
        scale = Scalars.Of(Math.Pow(dim / heads, -0.5));
        qkv = Linear(dim, dim * 3, hasBias: true);
        proj = Linear(dim, dim);
        proj_drop = projDropout > 0 ? Dropout(projDropout) : Identity();
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        var (b, n, c) = (x.shape[0], x.shape[1], x.shape[2]);
        using var parts = qkv.call(x).reshape(b, n, 3, heads, c / heads).permute(2, 0, 3, 1, 4); // [3, B, H, N, D]
        using var q = parts[0];
        using var k = parts[1];
        using var v = parts[2];
        using var attn = q.matmul(k.transpose(-2, -1)).mul(scale).softmax(-1);              // [B, H, N, N]
        using var mixed = attn.matmul(v).transpose(1, 2).reshape(b, n, c);                  // [B, N, C]
        return proj_drop.call(proj.call(mixed));
    }
}
