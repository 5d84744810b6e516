using QcsCloud.Core;
using QcsCloud.Data.Datasets;
using QcsCloud.Data.Readers;

namespace QcsCloud.Data.Tests.Readers;

[TestClass]
public sealed class RafDbReaderTests
{
    [TestMethod]
    public void Synthetic_rafdb_reads_with_0_based_labels_and_both_splits()
    {
        var root = SyntheticData.Get(DatasetKind.RafDb);

        var dataset = DatasetReader.Read(DatasetKind.RafDb, root);

        Assert.AreEqual(7, dataset.NumClasses);
        CollectionAssert.AreEqual(new[] { 6, 6, 6, 6, 6, 6, 6 }, dataset.ClassCounts(DatasetSplit.Train));
        CollectionAssert.AreEqual(new[] { 2, 2, 2, 2, 2, 2, 2 }, dataset.ClassCounts(DatasetSplit.Test));
        Assert.AreEqual(56, dataset.Report.Total);
        Assert.AreEqual(6, dataset.Report.Counts["train"]["Neutral"]);
        var first = File.ReadLines(Path.Combine(root, RafDbReader.LabelFile)).First().Split(' ');
        var sample = dataset.Samples.Single(s => s.Id == first[0]);
        Assert.AreEqual(int.Parse(first[1]) - 1, sample.Label);
        var image = sample.Image.Load();
        Assert.AreEqual((100, 100), (image.Width, image.Height));
    }

    [TestMethod]
    public void The_basic_folder_or_its_parent_is_accepted()
    {
        using var temp = new TempFolder();
        var basic = Path.Combine(temp.Path, "basic");
        QcsCloud.Data.Synthetic.SyntheticDatasetWriter.Write(DatasetKind.RafDb, basic, 2, seed: 1);

        var dataset = DatasetReader.Read(DatasetKind.RafDb, temp.Path);

        Assert.AreEqual(7 * 3, dataset.Samples.Count);
    }
}
