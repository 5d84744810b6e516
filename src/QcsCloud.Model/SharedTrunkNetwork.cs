using QcsCloud.Model.Layers;
using TorchSharp.Utils;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace QcsCloud.Model;

/// <summary>
/// What every branch of every network shares, under the reference's state-dict names: <c>ir_back</c> (IR-50),
/// <c>conv1..3</c>, the level embeddings <c>embed_q/k/v</c> and <c>VIT_base</c>. Derived networks add their own
/// modules and call <c>RegisterComponents()</c> last (the fields here are protected so registration sees them).
/// </summary>
public abstract class SharedTrunkNetwork<TInput, TOutput> : Module<TInput, TOutput>
{
    protected readonly Ir50 ir_back;
    protected readonly Conv2d conv1, conv2, conv3;
    protected readonly Sequential embed_q, embed_k;
    protected readonly TokenProjection embed_v;
    [ComponentName(Name = "VIT_base")] protected readonly VisionTransformer vitBase;

    protected SharedTrunkNetwork(string name, NetworkOptions options) : base(name)
    {
        Options = options.Validate();
        var w = options.StageWidths;
        long dim = options.EmbedDim;
        ir_back = new Ir50(options);
        conv1 = Conv2d(w[0], w[0], 3, stride: 2, padding: 1);
        conv2 = Conv2d(w[1], w[1], 3, stride: 2, padding: 1);
        conv3 = Conv2d(w[2], w[2], 3, stride: 2, padding: 1);
        embed_q = Sequential(Conv2d(w[0], dim, 3, stride: 2, padding: 1), Conv2d(dim, dim, 3, stride: 2, padding: 1));
        embed_k = Sequential(Conv2d(w[1], dim, 3, stride: 2, padding: 1));
        embed_v = new TokenProjection(w[2], dim);
        vitBase = new VisionTransformer(options, options.BaseDepth, options.BaseDropout, options.BaseAttnProjDropout);
    }

    /// <summary>The options this network was built from (validated).</summary>
    public NetworkOptions Options { get; }

    /// <summary>The three levels' tokens of one image batch: [B, 3, H, W] -> [B, 3N, C] (N = 49 in the paper).</summary>
    public Tensor LevelTokens(Tensor images)
    {
        using var scope = NewDisposeScope();
        var (x1, x2, x3) = ir_back.call(images);
        var t1 = embed_q.call(conv1.call(x1)).flatten(2).transpose(1, 2);  // [B, N, C]
        var t2 = embed_k.call(conv2.call(x2)).flatten(2).transpose(1, 2);  // [B, N, C]
        var t3 = embed_v.call(conv3.call(x3));                             // [B, N, C]
        return cat([t1, t2, t3], 1).MoveToOuterDisposeScope();            // [B, 3N, C]
    }

    /// <summary>One branch through the trunk and VIT_base: base logits [B, classes] and tokens [B, 3N, C].</summary>
    public (Tensor Logits, Tensor Tokens) Branch(Tensor images)
    {
        CheckImages(images);
        using var scope = NewDisposeScope();
        var (logits, tokens) = vitBase.call(LevelTokens(images));
        return (logits.MoveToOuterDisposeScope(), tokens.MoveToOuterDisposeScope());
    }

    private void CheckImages(Tensor images)
    {
        if (images.dim() != 4 || images.shape[1] != 3)
            throw new ArgumentException($"Expected an image batch [B, 3, H, W], got [{string.Join(", ", images.shape)}]");
        if (images.shape[2] < Options.BackboneInputSize / 2 || images.shape[3] < Options.BackboneInputSize / 2)
            throw new ArgumentException(
                $"Images of {images.shape[2]}x{images.shape[3]} are too small for this network (InputSize {Options.InputSize})");
    }
}
