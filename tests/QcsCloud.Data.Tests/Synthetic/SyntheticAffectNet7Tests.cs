using QcsCloud.Core;
using QcsCloud.Data.Readers;
using QcsCloud.Data.Synthetic;

namespace QcsCloud.Data.Tests.Synthetic;

[TestClass]
public sealed class SyntheticAffectNet7Tests
{
    [TestMethod]
    public void Affectnet7_synthetic_writes_contempt_rows_that_the_reader_drops()
    {
        using var t = new TempFolder();
        var summary = SyntheticDatasetWriter.Write(DatasetKind.AffectNet7, t.Path, 2, seed: 3);

        var dataset = DatasetReader.Read(DatasetKind.AffectNet7, t.Path);

        Assert.AreEqual(summary.KeptImages, dataset.Samples.Count);
        Assert.AreEqual(7 * 3, summary.KeptImages);
        Assert.AreEqual(2, dataset.Report.DroppedByRule["expression 7 (Contempt, not in AffectNet-7)"]);
        Assert.AreEqual(summary.DroppedRows, dataset.Report.DroppedByRule.Values.Sum());
    }
}
