using QcsCloud.Model.Layers;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace QcsCloud.Model;

/// <summary>
/// VIT_base / VIT_cross (birdwcp/QCS models/vit_model_*.py VisionTransformer, only what forward runs): cls token +
/// pos_embed, pre-norm blocks, final LayerNorm (eps 1e-6), cls -> SE gate -> head. Returns the logits and the
/// output tokens without the cls token.
/// </summary>
public sealed class VisionTransformer : Module<Tensor, (Tensor Logits, Tensor Tokens)>
{
    private readonly Parameter cls_token, pos_embed;
    private readonly Module<Tensor, Tensor> pos_drop;
    private readonly Sequential blocks;
    private readonly LayerNorm norm;
    private readonly SqueezeExcitationGate se_block;
    private readonly ClassificationHead head;

    public VisionTransformer(NetworkOptions options, int depth, double dropout, double attnProjDropout) : base(nameof(VisionTransformer))
    {
        long dim = options.EmbedDim;
        // Detached: a network built inside a dispose scope must keep its own parameters when the scope ends.
        cls_token = Parameter(zeros(1, 1, dim).DetachFromDisposeScope());
        pos_embed = Parameter(zeros(1, options.TokenCount + 1, dim).DetachFromDisposeScope());
        pos_drop = dropout > 0 ? Dropout(dropout) : Identity();
        blocks = Sequential(Enumerable.Range(0, depth)
            .Select(_ => (Module<Tensor, Tensor>)new TransformerBlock(dim, options.NumHeads, options.MlpRatio, dropout, attnProjDropout))
            .ToArray());
        norm = LayerNorm(dim, TransformerBlock.LayerNormEps);
        se_block = new SqueezeExcitationGate(dim);
        head = new ClassificationHead(dim, options.NumClasses);
        RegisterComponents();
        ResetParameters();
    }

    /// <summary>
    /// The reference's ViT init: truncated normal pos_embed/cls_token (std 0.02) and Linear weights (std 0.01), zero
    /// biases. PyTorch truncates at +-2 absolute, which at these std is a normal clamped to +-2 (TorchSharp 0.107's
    /// trunc_normal_ fills a constant, so it is not used).
    /// </summary>
    private void ResetParameters()
    {
        using var _ = no_grad();
        TruncatedNormal(pos_embed, 0.02);
        TruncatedNormal(cls_token, 0.02);
        foreach (var module in modules().OfType<Linear>())
        {
            TruncatedNormal(module.weight!, 0.01);
            if (module.bias is not null) init.zeros_(module.bias);
        }
    }

    private static void TruncatedNormal(Tensor t, double std) => t.normal_(0, std).clamp_(-2, 2);

    public override (Tensor Logits, Tensor Tokens) forward(Tensor tokens)
    {
        using var scope = NewDisposeScope();
        var b = tokens.shape[0];
        var x = cat([cls_token.expand(b, -1, -1), tokens], 1);  // [B, N+1, C]
        x = pos_drop.call(x.add(pos_embed, Scalars.One));
        x = norm.call(blocks.call(x));                            // [B, N+1, C]
        var cls = x[.., 0];                                       // [B, C]
        var rest = x[.., 1..];                                    // [B, N, C]
        var logits = head.call(se_block.call(cls));               // [B, classes]
        return (logits.MoveToOuterDisposeScope(), rest.MoveToOuterDisposeScope());
    }
}
