using QcsCloud.Model.Layers;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace QcsCloud.Model;

/// <summary>
/// The cross module of one level, shared by all branches (birdwcp/QCS models/QCS_*.py and DCS_*.py CrossAttention):
/// x = LN1(t); [QK, V] = proj(x); x += m[..., None] * V (each branch gates its OWN V with its CSA map);
/// out = LN2(x); out += MLP(out). LayerNorm eps 1e-5 here (PyTorch default), unlike the ViTs.
/// QCS adds a learned scalar theta (w = 1 + tanh(theta)), initialised to 0; DCS has none.
/// </summary>
public sealed class CrossModule : Module<Tensor[], Tensor[]>
{
    public const double LayerNormEps = 1e-5;

    private readonly LayerNorm norm1, norm2;
    private readonly Linear proj;
    private readonly Mlp mlp;
    private readonly Parameter? theta;

    public CrossModule(long dim, double mlpRatio, bool quadruplet) : base(nameof(CrossModule))
    {
        norm1 = LayerNorm(dim, LayerNormEps);
        norm2 = LayerNorm(dim, LayerNormEps);
        proj = Linear(dim, dim * 2);
        mlp = new Mlp(dim, (long)(dim * mlpRatio));
        if (quadruplet) theta = Parameter(zeros(Array.Empty<long>()).DetachFromDisposeScope()); // outlives a caller's dispose scope
        RegisterComponents();
    }

    /// <summary>Branches this module pairs: 4 with theta (QCS), 2 without (DCS).</summary>
    public int BranchCount => theta is null ? 2 : 4;

    /// <summary>When true, <see cref="LastMaps"/> receives the detached CSA maps of each forward.</summary>
    public bool RecordMaps { get; set; }

    /// <summary>CSA maps of the last forward, one [B, N] per branch (only when <see cref="RecordMaps"/>); owned by the caller's dispose scope.</summary>
    public Tensor[]? LastMaps { get; private set; }

    /// <summary>One [B, N, C] token set per branch (a, p[, n, n2]) -> the refined tokens, same shapes.</summary>
    public override Tensor[] forward(Tensor[] tokens)
    {
        if (tokens.Length != BranchCount)
            throw new ArgumentException($"The cross module takes {BranchCount} branches, got {tokens.Length}");
        using var scope = NewDisposeScope();
        var x = tokens.Select(t => norm1.call(t)).ToArray();                 // [B, N, C] each
        var qkv = x.Select(t => proj.call(t).chunk(2, -1)).ToArray();         // [B, N, C] QK and V each
        var maps = theta is null
            ? CrossSimilarityAttention.Dcs(qkv[0][0], qkv[1][0])
            : CrossSimilarityAttention.Qcs(qkv[0][0], qkv[1][0], qkv[2][0], qkv[3][0], theta);  // [B, N] each
        var outputs = new Tensor[tokens.Length];
        for (var b = 0; b < tokens.Length; b++)
        {
            var gated = x[b].add(maps[b].unsqueeze(-1) * qkv[b][1], Scalars.One);             // [B, N, C]
            var o = norm2.call(gated);
            outputs[b] = o.add(mlp.call(o), Scalars.One).MoveToOuterDisposeScope();
        }
        LastMaps = RecordMaps ? maps.Select(m => m.detach().MoveToOuterDisposeScope()).ToArray() : null;
        return outputs;
    }
}
