using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace QcsCloud.Model.Layers;

/// <summary>1x1 conv to tokens, key <c>embed_v.proj.*</c> (the reference's PatchEmbed with patch = whole map).</summary>
public sealed class TokenProjection : Module<Tensor, Tensor>
{
    private readonly Conv2d proj;

    public TokenProjection(long inChannels, long dim) : base(nameof(TokenProjection))
    {
        proj = Conv2d(inChannels, dim, 1);
        RegisterComponents();
    }

    // [B, Cin, H, W] -> [B, H*W, C]
    public override Tensor forward(Tensor x) => proj.call(x).flatten(2).transpose(1, 2);
}
