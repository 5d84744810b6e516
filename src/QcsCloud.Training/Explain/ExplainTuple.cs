using QcsCloud.Data.Datasets;

namespace QcsCloud.Training.Explain;

/// <summary>
/// The images of one explained forward, in branch order a, p (, n, n2): the anchor is the image whose attention is
/// drawn; the partners are what its cross similarity is computed against (CSA needs pairs or quadruplets).
/// </summary>
public sealed record ExplainTuple(Sample Anchor, IReadOnlyList<Sample> Partners)
{
    public IEnumerable<Sample> Branches => Partners.Prepend(Anchor);
}
