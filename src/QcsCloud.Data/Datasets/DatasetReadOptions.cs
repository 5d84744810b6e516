namespace QcsCloud.Data.Datasets;

/// <summary>How strictly a dataset is read.</summary>
/// <param name="SkipBad">Skip bad entries and list them in <see cref="DatasetReadReport.Skipped"/> instead of failing
/// (<c>--skip-bad</c>). Problems with the dataset as a whole (missing label file, empty class) still fail.</param>
/// <param name="FaceCrop">AffectNet: crop each image to its face_x/y/width/height box.</param>
/// <param name="CheckImages">Check every image up front: <see cref="ImageCheck.Header"/> opens each file's header
/// (catches missing and unreadable files), <see cref="ImageCheck.Exists"/> only checks existence.</param>
/// <param name="AllowTruncated">Decode truncated image files anyway (<c>--allow-truncated</c>); by default decoding one
/// fails naming the file, as PIL does.</param>
public sealed record DatasetReadOptions(bool SkipBad = false, bool FaceCrop = false, ImageCheck CheckImages = ImageCheck.Header, bool AllowTruncated = false)
{
    public static DatasetReadOptions Strict { get; } = new();
    public static DatasetReadOptions Lenient { get; } = new(SkipBad: true);
}
