namespace QcsCloud.Model;

/// <summary>
/// Everything that shapes the QCS networks (docs/method.md sections 1-2). <see cref="Paper"/> is the
/// reference architecture; <see cref="Tiny"/> is the same architecture, narrow and shallow, for
/// tests, CI and the local demo. Dropouts follow the reference recipes (docs/method.md section 3):
/// VIT_cross 0.2 on RAF-DB DCS and FERPlus (FERPlus also after the attention projection),
/// 0.4 on AffectNet-7, 0 otherwise.
/// </summary>
public sealed record NetworkOptions
{
    /// <summary>Classes of the heads: 7 (RAF-DB, AffectNet-7) or 8 (FERPlus, AffectNet-8).</summary>
    public required int NumClasses { get; init; }

    /// <summary>Side of the square input image the data pipeline delivers (224 in the paper).</summary>
    public int InputSize { get; init; } = 224;

    /// <summary>Side the input is resized to (nearest) before IR-50 (112 in the reference).</summary>
    public int BackboneInputSize { get; init; } = 112;

    /// <summary>Bottleneck units of IR-50 body1, body2, body3.</summary>
    public IReadOnlyList<int> StageDepths { get; init; } = [3, 4, 14];

    /// <summary>Channels of IR-50 body1, body2, body3 (the input layer has the first width).</summary>
    public IReadOnlyList<int> StageWidths { get; init; } = [64, 128, 256];

    /// <summary>Token width of the level embeddings, both ViTs and the cross modules.</summary>
    public int EmbedDim { get; init; } = 768;

    /// <summary>Attention heads of both ViTs.</summary>
    public int NumHeads { get; init; } = 8;

    /// <summary>Transformer blocks of VIT_base.</summary>
    public int BaseDepth { get; init; } = 2;

    /// <summary>Transformer blocks of VIT_cross.</summary>
    public int CrossDepth { get; init; } = 1;

    /// <summary>MLP hidden width as a multiple of <see cref="EmbedDim"/>.</summary>
    public double MlpRatio { get; init; } = 4.0;

    /// <summary>VIT_base dropout (after pos_embed and in the MLPs); the reference's drop_ratio.</summary>
    public double BaseDropout { get; init; }

    /// <summary>VIT_base dropout after the attention projection (the 8-class reference files).</summary>
    public double BaseAttnProjDropout { get; init; }

    /// <summary>VIT_cross dropout (after pos_embed and in the MLPs); the reference's drop_ratio.</summary>
    public double CrossDropout { get; init; }

    /// <summary>VIT_cross dropout after the attention projection (FERPlus recipe: 0.2).</summary>
    public double CrossAttnProjDropout { get; init; }

    /// <summary>Tokens of one level: the backbone input downsampled 16 times, squared (49 in the paper).</summary>
    public int TokensPerLevel => BackboneInputSize / 16 * (BackboneInputSize / 16);

    /// <summary>Tokens entering a ViT: three levels (147 in the paper).</summary>
    public int TokenCount => 3 * TokensPerLevel;

    /// <summary>The reference network (IR-50, 768-wide tokens, 8 heads, 224 input resized to 112).</summary>
    /// <summary>The options of a named preset.</summary>
    public static NetworkOptions For(NetworkPreset preset, int numClasses) =>
        preset == NetworkPreset.Tiny ? Tiny(numClasses) : Paper(numClasses);

    public static NetworkOptions Paper(int numClasses) => new() { NumClasses = numClasses };

    /// <summary>The same architecture at toy size: 48x48 input, one unit per stage, 32-wide tokens, 4 heads.</summary>
    public static NetworkOptions Tiny(int numClasses) => new()
    {
        NumClasses = numClasses,
        InputSize = 48,
        BackboneInputSize = 48,
        StageDepths = [1, 1, 1],
        StageWidths = [8, 16, 32],
        EmbedDim = 32,
        NumHeads = 4,
    };

    /// <summary>Throws <see cref="ArgumentException"/> naming the first bad value; returns this for chaining.</summary>
    public NetworkOptions Validate()
    {
        Require(NumClasses >= 2, $"NumClasses ({NumClasses}) must be at least 2");
        Require(InputSize >= 16, $"InputSize ({InputSize}) must be at least 16");
        Require(BackboneInputSize >= 16 && BackboneInputSize % 16 == 0,
            $"BackboneInputSize ({BackboneInputSize}) must be a positive multiple of 16 (IR-50 and the level embeddings downsample 16 times)");
        Require(StageDepths is { Count: 3 }, $"StageDepths must have 3 entries (body1..3), got {StageDepths?.Count ?? 0}");
        Require(StageWidths is { Count: 3 }, $"StageWidths must have 3 entries (body1..3), got {StageWidths?.Count ?? 0}");
        for (var i = 0; i < 3; i++)
        {
            Require(StageDepths![i] >= 1, $"StageDepths[{i}] ({StageDepths[i]}) must be at least 1");
            Require(StageWidths![i] >= 1, $"StageWidths[{i}] ({StageWidths[i]}) must be at least 1");
        }
        Require(EmbedDim >= 1, $"EmbedDim ({EmbedDim}) must be at least 1");
        Require(NumHeads >= 1 && EmbedDim % NumHeads == 0, $"EmbedDim ({EmbedDim}) must be divisible by NumHeads ({NumHeads})");
        Require(BaseDepth >= 1, $"BaseDepth ({BaseDepth}) must be at least 1");
        Require(CrossDepth >= 1, $"CrossDepth ({CrossDepth}) must be at least 1");
        Require(MlpRatio > 0, $"MlpRatio ({MlpRatio}) must be positive");
        foreach (var (name, p) in new[] { (nameof(BaseDropout), BaseDropout), (nameof(BaseAttnProjDropout), BaseAttnProjDropout),
                     (nameof(CrossDropout), CrossDropout), (nameof(CrossAttnProjDropout), CrossAttnProjDropout) })
            Require(p is >= 0 and < 1, $"{name} ({p}) must be in [0, 1)");
        return this;
    }

    private static void Require(bool ok, string message)
    {
        if (!ok) throw new ArgumentException(message);
    }
}
