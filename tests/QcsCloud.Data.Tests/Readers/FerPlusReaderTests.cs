using QcsCloud.Core;
using QcsCloud.Data.Datasets;
using QcsCloud.Data.Readers;

namespace QcsCloud.Data.Tests.Readers;

[TestClass]
public sealed class FerPlusReaderTests
{
    [TestMethod]
    public void Synthetic_ferplus_csv_reads_three_splits_and_counts_rule_drops()
    {
        var dataset = DatasetReader.Read(DatasetKind.FerPlus, SyntheticData.Get(DatasetKind.FerPlus));

        Assert.AreEqual(8, dataset.NumClasses);
        CollectionAssert.AreEqual(Enumerable.Repeat(6, 8).ToArray(), dataset.ClassCounts(DatasetSplit.Train));
        CollectionAssert.AreEqual(Enumerable.Repeat(2, 8).ToArray(), dataset.ClassCounts(DatasetSplit.Validation));
        CollectionAssert.AreEqual(Enumerable.Repeat(2, 8).ToArray(), dataset.ClassCounts(DatasetSplit.Test));
        var dropped = dataset.Report.DroppedByRule;
        Assert.AreEqual(2, dropped["no majority"]);
        Assert.AreEqual(2, dropped["majority unknown"]);
        Assert.AreEqual(2, dropped["majority NF (not a face)"]);
        Assert.AreEqual(2, dropped["not in FER+ (empty Image name)"]);
        var image = dataset.Samples[0].Image.Load();
        Assert.AreEqual((48, 48), (image.Width, image.Height));
        Assert.IsTrue(Enumerable.Range(0, 48 * 48).All(i => image.Pixels[3 * i] == image.Pixels[3 * i + 1]), "grey expanded to RGB");
    }

    [TestMethod]
    public void The_image_folder_layout_gives_the_same_samples_as_the_csv_layout()
    {
        var csv = DatasetReader.Read(DatasetKind.FerPlus, SyntheticData.Get(DatasetKind.FerPlus));
        var folders = DatasetReader.Read(DatasetKind.FerPlus, SyntheticData.Get(DatasetKind.FerPlus, ferFolders: true));

        var byId = folders.Samples.ToDictionary(s => s.Id);
        Assert.AreEqual(csv.Samples.Count, folders.Samples.Count);
        foreach (var s in csv.Samples)
        {
            var other = byId[s.Id];
            Assert.AreEqual((s.Label, s.Split), (other.Label, other.Split), s.Id);
        }
        CollectionAssert.AreEqual(csv.Samples[3].Image.Load().Pixels, byId[csv.Samples[3].Id].Image.Load().Pixels);
    }

    [TestMethod]
    public void A_pixel_row_of_the_wrong_length_names_fer2013_csv_and_line()
    {
        using var t = SyntheticData.Copy(DatasetKind.FerPlus, 2);
        var path = t.Combine("fer2013.csv");
        var lines = File.ReadAllLines(path);
        lines[4] = lines[4].Replace(",Training", " 17,Training").Replace(",PrivateTest", " 17,PrivateTest").Replace(",PublicTest", " 17,PublicTest");
        File.WriteAllLines(path, lines);

        var error = Assert.ThrowsExactly<DatasetFormatException>(() => DatasetReader.Read(DatasetKind.FerPlus, t.Path));

        StringAssert.Contains(error.Message, "fer2013.csv:5:");
        StringAssert.Contains(error.Message, "more than 2304 values");
    }

    [TestMethod]
    public void A_vote_that_is_not_a_number_names_fer2013new_csv_and_line()
    {
        using var t = SyntheticData.Copy(DatasetKind.FerPlus, 2);
        var path = t.Combine("fer2013new.csv");
        var lines = File.ReadAllLines(path);
        var fields = lines[2].Split(',');
        fields[5] = "x";
        lines[2] = string.Join(',', fields);
        File.WriteAllLines(path, lines);

        var error = Assert.ThrowsExactly<DatasetFormatException>(() => DatasetReader.Read(DatasetKind.FerPlus, t.Path));

        StringAssert.Contains(error.Message, "fer2013new.csv:3:");
        StringAssert.Contains(error.Message, "vote column 4 'x'");
    }

    [TestMethod]
    public void Files_of_different_length_are_rejected()
    {
        using var t = SyntheticData.Copy(DatasetKind.FerPlus, 2);
        var path = t.Combine("fer2013new.csv");
        File.WriteAllLines(path, File.ReadAllLines(path)[..^1]);

        var error = Assert.ThrowsExactly<DatasetFormatException>(() => DatasetReader.Read(DatasetKind.FerPlus, t.Path));

        StringAssert.Contains(error.Message, "file ends early");
    }

    [TestMethod]
    public void A_usage_that_differs_between_the_files_is_rejected()
    {
        using var t = SyntheticData.Copy(DatasetKind.FerPlus, 2);
        var path = t.Combine("fer2013new.csv");
        var lines = File.ReadAllLines(path);
        lines[1] = "PrivateTest" + lines[1][lines[1].IndexOf(',')..];
        File.WriteAllLines(path, lines);

        var error = Assert.ThrowsExactly<DatasetFormatException>(() => DatasetReader.Read(DatasetKind.FerPlus, t.Path));

        StringAssert.Contains(error.Message, "fer2013new.csv:2:");
    }

    [TestMethod]
    public void Majority_rule_zeroes_single_votes_and_needs_more_than_half()
    {
        Assert.AreEqual(1, FerPlusLabels.Majority([0, 6, 1, 1, 2, 0, 0, 0, 0, 0]));
        Assert.AreEqual(3, FerPlusLabels.Majority([1, 1, 1, 3, 1, 1, 1, 1, 0, 0]), "singles are outliers: 3 of 3");
        Assert.IsNull(FerPlusLabels.Majority([4, 4, 2, 0, 0, 0, 0, 0, 0, 0]));
        Assert.IsNull(FerPlusLabels.Majority([5, 5, 0, 0, 0, 0, 0, 0, 0, 0]), "exactly half is not a majority");
        Assert.IsNull(FerPlusLabels.Majority([1, 1, 1, 1, 1, 1, 1, 1, 1, 1]));
        Assert.AreEqual(FerPlusLabels.NotFace, FerPlusLabels.Majority([0, 0, 0, 0, 0, 0, 0, 0, 0, 10]));
        Assert.AreEqual(FerPlusLabels.Unknown, FerPlusLabels.Majority([2, 0, 0, 0, 0, 0, 0, 0, 8, 0]));
    }
}
