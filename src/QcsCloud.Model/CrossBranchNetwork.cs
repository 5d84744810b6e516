using TorchSharp.Utils;
using static TorchSharp.torch;

namespace QcsCloud.Model;

/// <summary>
/// DCS and QCS: every branch through the shared trunk and VIT_base; its tokens split into the three levels, each
/// level through its own cross module (shared by the branches); cross logits = VIT_cross(tokens + cross tokens),
/// the paper's contrastive residual distillation (tokens are not detached).
/// </summary>
public abstract class CrossBranchNetwork : TrainingNetwork
{
    protected readonly CrossModule cross_attention_1, cross_attention_2, cross_attention_3;
    [ComponentName(Name = "VIT_cross")] protected readonly VisionTransformer vitCross;

    protected CrossBranchNetwork(string name, NetworkOptions options, bool quadruplet) : base(name, options)
    {
        cross_attention_1 = new CrossModule(options.EmbedDim, options.MlpRatio, quadruplet);
        cross_attention_2 = new CrossModule(options.EmbedDim, options.MlpRatio, quadruplet);
        cross_attention_3 = new CrossModule(options.EmbedDim, options.MlpRatio, quadruplet);
        vitCross = new VisionTransformer(options, options.CrossDepth, options.CrossDropout, options.CrossAttnProjDropout);
    }

    private CrossModule[] Levels => [cross_attention_1, cross_attention_2, cross_attention_3];

    public override bool RecordAttentionMaps
    {
        get => cross_attention_1.RecordMaps;
        set { foreach (var level in Levels) level.RecordMaps = value; }
    }

    public override Tensor[][]? LastAttentionMaps =>
        RecordAttentionMaps && Levels.All(l => l.LastMaps is not null) ? Levels.Select(l => l.LastMaps!).ToArray() : null;

    public override NetworkOutput forward(Tensor[] branches)
    {
        CheckBranches(branches);
        using var scope = NewDisposeScope();
        var n = Options.TokensPerLevel;
        var baseLogits = new Tensor[branches.Length];
        var tokens = new Tensor[branches.Length];
        for (var b = 0; b < branches.Length; b++) (baseLogits[b], tokens[b]) = Branch(branches[b]);   // [B, C], [B, 3N, E]

        var perLevel = tokens.Select(t => t.split([n, n, n], 1)).ToArray();                         // [branch][level] [B, N, E]
        var refined = Levels.Select((level, l) => level.call(perLevel.Select(p => p[l]).ToArray())).ToArray(); // [level][branch]

        var crossLogits = new Tensor[branches.Length];
        for (var b = 0; b < branches.Length; b++)
        {
            var cross = cat([refined[0][b], refined[1][b], refined[2][b]], 1);                        // [B, 3N, E]
            var (logits, rest) = vitCross.call(tokens[b].add(cross, Scalars.One));
            rest.Dispose();
            crossLogits[b] = logits.MoveToOuterDisposeScope();
            baseLogits[b].MoveToOuterDisposeScope();
        }
        if (RecordAttentionMaps)
            foreach (var level in Levels)
                foreach (var m in level.LastMaps!) m.MoveToOuterDisposeScope();
        return new NetworkOutput(baseLogits, crossLogits);
    }
}
