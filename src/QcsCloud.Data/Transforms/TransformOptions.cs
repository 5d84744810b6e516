namespace QcsCloud.Data.Transforms;

/// <summary>
/// One image pipeline with torchvision semantics, in this order: Resize((r, r)) bilinear as PIL, horizontal flip,
/// rotation (NEAREST, fill 0), random or center crop to <see cref="CropSize"/>, color jitter, ToTensor,
/// Normalize(mean, std), random erasing (after normalisation, fill 0). Presets follow the reference recipes
/// (docs/method.md section 3), scaled when the network input is not 224.
/// </summary>
public sealed record TransformOptions(
    int ResizeTo = 224,
    int CropSize = 224,
    bool RandomCrop = false,
    double HFlipProbability = 0,
    double RotationDegrees = 0,
    double Brightness = 0,
    double Contrast = 0,
    double Saturation = 0,
    double Hue = 0,
    double EraseProbability = 0,
    double EraseScaleMin = 0.02,
    double EraseScaleMax = 0.1,
    double EraseRatioMin = 0.3,
    double EraseRatioMax = 3.3)
{
    public static readonly float[] ImageNetMean = [0.485f, 0.456f, 0.406f];
    public static readonly float[] ImageNetStd = [0.229f, 0.224f, 0.225f];

    /// <summary>Recipe names accepted by <see cref="For"/>.</summary>
    public static readonly string[] Recipes = ["rafdb", "ferplus", "affectnet"];

    public int OutputSize => CropSize;
    public bool HasJitter => Brightness > 0 || Contrast > 0 || Saturation > 0 || Hue > 0;

    /// <summary>RAF-DB: resize 224, hflip, jitter, erase(0.02-0.1); eval resize 224.</summary>
    public static TransformOptions RafDb(bool train, int size = 224) => train
        ? new(size, size, HFlipProbability: 0.5, Brightness: 0.2, Contrast: 0.2, Saturation: 0.2, Hue: 0.1, EraseProbability: 0.5)
        : new(size, size);

    /// <summary>FERPlus: resize 232, hflip, rotation 10, random crop 224, jitter, erase; eval resize 232 + center crop.</summary>
    public static TransformOptions FerPlus(bool train, int size = 224) => train
        ? new(Scale(232, size), size, RandomCrop: true, HFlipProbability: 0.5, RotationDegrees: 10,
            Brightness: 0.2, Contrast: 0.2, Saturation: 0.2, Hue: 0.1, EraseProbability: 0.5)
        : new(Scale(232, size), size);

    /// <summary>AffectNet: resize 236, hflip, rotation 12, random crop 224, jitter, erase; eval resize 236 + center crop.</summary>
    public static TransformOptions AffectNet(bool train, int size = 224) => train
        ? new(Scale(236, size), size, RandomCrop: true, HFlipProbability: 0.5, RotationDegrees: 12,
            Brightness: 0.2, Contrast: 0.2, Saturation: 0.2, Hue: 0.1, EraseProbability: 0.5)
        : new(Scale(236, size), size);

    /// <summary>The preset of a recipe (<c>rafdb</c>, <c>ferplus</c>, <c>affectnet</c>, also <c>affectnet7/8</c>).</summary>
    public static TransformOptions For(string recipe, bool train, int size = 224) =>
        (recipe ?? "").Replace("-", "").ToLowerInvariant() switch
        {
            "rafdb" or "generic" => RafDb(train, size),
            "ferplus" => FerPlus(train, size),
            "affectnet" or "affectnet7" or "affectnet8" => AffectNet(train, size),
            _ => throw new ArgumentException($"Unknown transform recipe '{recipe}'. Known: {string.Join(", ", Recipes)}."),
        };

    /// <summary>Resize sizes keep the reference's ratio to the 224 crop (232/224, 236/224) at other input sizes.</summary>
    private static int Scale(int reference, int size) => (int)Math.Round(reference * size / 224.0);

    /// <summary>Throws with a message naming the bad value.</summary>
    public TransformOptions Validate()
    {
        if (ResizeTo < 1) throw new ArgumentException($"ResizeTo ({ResizeTo}) must be positive");
        if (CropSize < 1 || CropSize > ResizeTo) throw new ArgumentException($"CropSize ({CropSize}) must be in 1..ResizeTo ({ResizeTo})");
        Probability(HFlipProbability, nameof(HFlipProbability));
        Probability(EraseProbability, nameof(EraseProbability));
        if (RotationDegrees is < 0 or > 180) throw new ArgumentException($"RotationDegrees ({RotationDegrees}) must be in 0..180");
        if (Brightness < 0 || Contrast < 0 || Saturation < 0) throw new ArgumentException($"Brightness/Contrast/Saturation ({Brightness}/{Contrast}/{Saturation}) must not be negative");
        if (Hue is < 0 or > 0.5) throw new ArgumentException($"Hue ({Hue}) must be in 0..0.5");
        if (EraseScaleMin <= 0 || EraseScaleMax > 1 || EraseScaleMin > EraseScaleMax)
            throw new ArgumentException($"EraseScale ({EraseScaleMin}..{EraseScaleMax}) must satisfy 0 < min <= max <= 1");
        if (EraseRatioMin <= 0 || EraseRatioMin > EraseRatioMax)
            throw new ArgumentException($"EraseRatio ({EraseRatioMin}..{EraseRatioMax}) must satisfy 0 < min <= max");
        return this;
    }

    private static void Probability(double p, string name)
    {
        if (p is < 0 or > 1) throw new ArgumentException($"{name} ({p}) must be in 0..1");
    }
}
