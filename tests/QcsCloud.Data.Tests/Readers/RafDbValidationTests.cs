using QcsCloud.Core;
using QcsCloud.Data.Datasets;
using QcsCloud.Data.Readers;

namespace QcsCloud.Data.Tests.Readers;

[TestClass]
public sealed class RafDbValidationTests
{
    private static string LabelPath(TempFolder t) => t.Combine("EmoLabel", "list_patition_label.txt");

    private static void EditLine(TempFolder t, int lineNo, Func<string, string> edit)
    {
        var lines = File.ReadAllLines(LabelPath(t));
        lines[lineNo - 1] = edit(lines[lineNo - 1]);
        File.WriteAllLines(LabelPath(t), lines);
    }

    private static DatasetFormatException Fails(TempFolder t) =>
        Assert.ThrowsExactly<DatasetFormatException>(() => DatasetReader.Read(DatasetKind.RafDb, t.Path));

    [TestMethod]
    public void A_missing_label_file_is_named()
    {
        using var t = SyntheticData.Copy(DatasetKind.RafDb, 2);
        File.Delete(LabelPath(t));

        StringAssert.Contains(Fails(t).Message, "list_patition_label.txt");
    }

    [TestMethod]
    public void A_label_that_is_not_a_number_names_file_and_line()
    {
        using var t = SyntheticData.Copy(DatasetKind.RafDb, 2);
        EditLine(t, 3, l => l.Split(' ')[0] + " happy");

        var error = Fails(t);

        StringAssert.Contains(error.Message, "list_patition_label.txt:3:");
        StringAssert.Contains(error.Message, "'happy'");
    }

    [TestMethod]
    public void A_label_out_of_range_names_file_and_line()
    {
        using var t = SyntheticData.Copy(DatasetKind.RafDb, 2);
        EditLine(t, 5, l => l.Split(' ')[0] + " 8");

        var error = Fails(t);

        Assert.AreEqual(5, error.Entries.Single().Line);
        StringAssert.Contains(error.Message, "label 8 is out of range 1..7");
    }

    [TestMethod]
    public void A_duplicate_entry_names_both_lines()
    {
        using var t = SyntheticData.Copy(DatasetKind.RafDb, 2);
        var first = File.ReadLines(LabelPath(t)).First();
        File.AppendAllText(LabelPath(t), first + "\n");

        var error = Fails(t);

        StringAssert.Contains(error.Message, "duplicate entry 'train_00001.jpg'");
        StringAssert.Contains(error.Message, "list_patition_label.txt:1");
    }

    [TestMethod]
    public void A_missing_image_names_the_line_and_the_path()
    {
        using var t = SyntheticData.Copy(DatasetKind.RafDb, 2);
        File.Delete(t.Combine("Image", "aligned", "train_00004_aligned.jpg"));

        var error = Fails(t);

        Assert.AreEqual(4, error.Entries.Single().Line);
        StringAssert.Contains(error.Message, "image file not found");
        StringAssert.Contains(error.Message, "train_00004_aligned.jpg");
    }

    [TestMethod]
    public void An_unreadable_image_is_found_up_front()
    {
        using var t = SyntheticData.Copy(DatasetKind.RafDb, 2);
        File.WriteAllBytes(t.Combine("Image", "aligned", "train_00002_aligned.jpg"), [1, 2, 3, 4]);

        var error = Fails(t);

        Assert.AreEqual(2, error.Entries.Single().Line);
        StringAssert.Contains(error.Message, "unreadable");
    }

    [TestMethod]
    public void A_name_without_train_or_test_prefix_is_rejected()
    {
        using var t = SyntheticData.Copy(DatasetKind.RafDb, 2);
        EditLine(t, 1, l => "val_" + l);

        StringAssert.Contains(Fails(t).Message, "starts with neither 'train_' nor 'test_'");
    }

    [TestMethod]
    public void An_empty_class_fails_even_when_skipping_bad_entries()
    {
        using var t = SyntheticData.Copy(DatasetKind.RafDb, 2);
        var kept = File.ReadLines(LabelPath(t)).Where(l => !l.EndsWith(" 2")).ToArray();
        File.WriteAllLines(LabelPath(t), kept);

        var error = Assert.ThrowsExactly<DatasetFormatException>(() => DatasetReader.Read(DatasetKind.RafDb, t.Path, DatasetReadOptions.Lenient));

        StringAssert.Contains(error.Message, "no training images for class 1 (Fear)");
    }

    [TestMethod]
    public void Skip_bad_keeps_the_good_entries_and_lists_every_bad_one()
    {
        using var t = SyntheticData.Copy(DatasetKind.RafDb, 2);
        EditLine(t, 3, l => l.Split(' ')[0] + " 0");
        File.Delete(t.Combine("Image", "aligned", "train_00006_aligned.jpg"));

        var strict = Fails(t);
        var dataset = DatasetReader.Read(DatasetKind.RafDb, t.Path, DatasetReadOptions.Lenient);

        Assert.AreEqual(2, strict.Entries.Count, "strict mode lists all problems at once");
        Assert.AreEqual(21 - 2, dataset.Samples.Count);
        CollectionAssert.AreEquivalent(new[] { 3, 6 }, dataset.Report.Skipped.Select(e => e.Line).ToArray());
        var json = QcsJson.Serialize(dataset.Report);
        StringAssert.Contains(json, "\"skipped\"");
        StringAssert.Contains(json, "\"line\": 6");
    }
}
