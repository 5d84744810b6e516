namespace QcsCloud.Data.Synthetic;

/// <summary>Options of <see cref="SyntheticDatasetWriter"/>.</summary>
/// <param name="TestFraction">Evaluation images per class = ceil(perClass * fraction) (per evaluation split).</param>
/// <param name="IncludeDroppedRows">Also write the rows the official rules drop (FERPlus NF / unknown / no majority /
/// no image name; AffectNet expressions 8-10 and, for AffectNet-7, 7), so readers are tested on them.</param>
/// <param name="FerPlusImageFolders">FERPlus: write the FER+ image-folder layout (FER2013Train/label.csv + PNGs)
/// instead of fer2013.csv + fer2013new.csv.</param>
/// <param name="AffectNetMinSide">AffectNet: each photo is this many pixels plus up to half as many again per side
/// (default 120: small test images; 500 gives full-photo sizes like the real set, for staging benchmarks).</param>
public sealed record SyntheticOptions(double TestFraction = 0.25, bool IncludeDroppedRows = true, bool FerPlusImageFolders = false, int JpegQuality = 90,
    int AffectNetMinSide = 120)
{
    public SyntheticOptions Validate()
    {
        if (TestFraction is <= 0 or > 1) throw new ArgumentException($"TestFraction ({TestFraction}) must be in (0, 1]");
        if (JpegQuality is < 1 or > 100) throw new ArgumentException($"JpegQuality ({JpegQuality}) must be in 1..100");
        if (AffectNetMinSide < 64) throw new ArgumentException($"AffectNetMinSide ({AffectNetMinSide}) must be at least 64");
        return this;
    }
}
