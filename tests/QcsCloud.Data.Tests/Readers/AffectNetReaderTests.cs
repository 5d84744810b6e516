using QcsCloud.Core;
using QcsCloud.Data.Datasets;
using QcsCloud.Data.Readers;

namespace QcsCloud.Data.Tests.Readers;

[TestClass]
public sealed class AffectNetReaderTests
{
    [TestMethod]
    public void Synthetic_affectnet8_reads_eight_classes_and_drops_labels_8_to_10()
    {
        var dataset = DatasetReader.Read(DatasetKind.AffectNet8, SyntheticData.Get(DatasetKind.AffectNet8));

        CollectionAssert.AreEqual(Enumerable.Repeat(6, 8).ToArray(), dataset.ClassCounts(DatasetSplit.Train));
        CollectionAssert.AreEqual(Enumerable.Repeat(2, 8).ToArray(), dataset.ClassCounts(DatasetSplit.Test));
        Assert.AreEqual(2, dataset.Report.DroppedByRule["expression 8 (None)"]);
        Assert.AreEqual(2, dataset.Report.DroppedByRule["expression 10 (Non-Face)"]);
        StringAssert.Contains(dataset.Samples[0].Id, "/");
    }

    [TestMethod]
    public void Affectnet7_also_drops_contempt()
    {
        var dataset = DatasetReader.Read(DatasetKind.AffectNet7, SyntheticData.Get(DatasetKind.AffectNet8));

        Assert.AreEqual(7, dataset.NumClasses);
        Assert.AreEqual(6 * 7, dataset.Split(DatasetSplit.Train).Count);
        Assert.AreEqual(8, dataset.Report.DroppedByRule["expression 7 (Contempt, not in AffectNet-7)"]);
    }

    [TestMethod]
    public void Face_crop_cuts_the_image_to_the_csv_face_box()
    {
        var root = SyntheticData.Get(DatasetKind.AffectNet8);
        var row = File.ReadLines(Path.Combine(root, "training.csv")).Skip(1).First().Split(',');

        var plain = DatasetReader.Read(DatasetKind.AffectNet8, root);
        var cropped = DatasetReader.Read(DatasetKind.AffectNet8, root, new DatasetReadOptions(FaceCrop: true));

        var full = plain.Samples.Single(s => s.Id == row[0]).Image.Load();
        var face = cropped.Samples.Single(s => s.Id == row[0]).Image.Load();
        Assert.AreEqual((int.Parse(row[3]), int.Parse(row[4])), (face.Width, face.Height));
        Assert.IsTrue(full.Width > face.Width || full.Height > face.Height);
        var (x, y) = (int.Parse(row[1]), int.Parse(row[2]));
        Assert.AreEqual(full.Pixels[((y + 1) * full.Width + x + 1) * 3], face.Pixels[(face.Width + 1) * 3]);
    }

    [TestMethod]
    [DataRow(6, "abc", "expression 'abc' is not an integer")]
    [DataRow(6, "11", "expression 11 is out of range 0..10")]
    [DataRow(3, "-5", "face_width")]
    public void A_bad_field_names_the_csv_line(int column, string value, string expected)
    {
        using var t = SyntheticData.Copy(DatasetKind.AffectNet8, 2);
        var path = t.Combine("training.csv");
        var lines = File.ReadAllLines(path);
        var fields = lines[3].Split(',');
        fields[column] = value;
        lines[3] = string.Join(',', fields);
        File.WriteAllLines(path, lines);

        var error = Assert.ThrowsExactly<DatasetFormatException>(() =>
            DatasetReader.Read(DatasetKind.AffectNet8, t.Path, new DatasetReadOptions(FaceCrop: true)));

        StringAssert.Contains(error.Message, "training.csv:4:");
        StringAssert.Contains(error.Message, expected);
    }

    [TestMethod]
    public void A_row_with_missing_columns_is_rejected()
    {
        using var t = SyntheticData.Copy(DatasetKind.AffectNet8, 2);
        var path = t.Combine("validation.csv");
        File.AppendAllText(path, "1/abc.jpg,1,2,3\n");

        var error = Assert.ThrowsExactly<DatasetFormatException>(() => DatasetReader.Read(DatasetKind.AffectNet8, t.Path));

        StringAssert.Contains(error.Message, "validation.csv:");
        StringAssert.Contains(error.Message, "expected 9 fields");
    }

    [TestMethod]
    public void A_missing_image_is_skipped_and_reported_under_skip_bad()
    {
        using var t = SyntheticData.Copy(DatasetKind.AffectNet8, 2);
        var row = File.ReadLines(t.Combine("training.csv")).Skip(2).First().Split(',');
        File.Delete(t.Combine("Manually_Annotated_Images", row[0]));

        var dataset = DatasetReader.Read(DatasetKind.AffectNet8, t.Path, DatasetReadOptions.Lenient);

        var skipped = dataset.Report.Skipped.Single();
        Assert.AreEqual(3, skipped.Line);
        StringAssert.EndsWith(skipped.File, "training.csv");
        Assert.IsFalse(dataset.Samples.Any(s => s.Id == row[0]));
    }
}
