using QcsCloud.Core;
using QcsCloud.Data.Datasets;
using QcsCloud.Data.Readers;

namespace QcsCloud.Data.Tests.Readers;

[TestClass]
public sealed class GenericListReaderTests
{
    /// <summary>Turns a synthetic RAF-DB copy into the generic layout (labels by index or by name, explicit splits).</summary>
    private static TempFolder Generic()
    {
        var t = SyntheticData.Copy(DatasetKind.RafDb, 2);
        File.WriteAllLines(t.Combine("classes.txt"), DatasetCatalog.RafDbClasses);
        var lines = File.ReadLines(t.Combine("EmoLabel", "list_patition_label.txt")).Select((l, i) =>
        {
            var f = l.Split(' ');
            var path = "Image/aligned/" + f[0].Replace(".jpg", "_aligned.jpg");
            var label = int.Parse(f[1]) - 1;
            var labelText = i % 2 == 0 ? label.ToString() : DatasetCatalog.RafDbClasses[label];
            return $"{path} {labelText} {(f[0].StartsWith("train") ? "train" : "test")}";
        });
        File.WriteAllLines(t.Combine("list.txt"), lines);
        return t;
    }

    [TestMethod]
    public void Labels_by_index_or_name_and_splits_are_read()
    {
        using var t = Generic();

        var generic = DatasetReader.Read(DatasetKind.Generic, t.Path);
        var raf = DatasetReader.Read(DatasetKind.RafDb, t.Path);

        CollectionAssert.AreEqual(raf.ClassCounts(DatasetSplit.Train), generic.ClassCounts(DatasetSplit.Train));
        CollectionAssert.AreEqual(raf.ClassCounts(DatasetSplit.Test), generic.ClassCounts(DatasetSplit.Test));
        CollectionAssert.AreEqual(raf.Samples.Select(s => s.Label).ToArray(), generic.Samples.Select(s => s.Label).ToArray());
    }

    [TestMethod]
    public void An_unknown_class_name_names_list_txt_and_line()
    {
        using var t = Generic();
        File.AppendAllText(t.Combine("list.txt"), "Image/aligned/train_00001_aligned.jpg Bored train\n");

        var error = Assert.ThrowsExactly<DatasetFormatException>(() => DatasetReader.Read(DatasetKind.Generic, t.Path));

        StringAssert.Contains(error.Message, "list.txt:22:");
        StringAssert.Contains(error.Message, "'Bored'");
    }

    [TestMethod]
    public void A_class_listed_twice_is_rejected()
    {
        using var t = Generic();
        File.AppendAllText(t.Combine("classes.txt"), "Fear\n");

        var error = Assert.ThrowsExactly<DatasetFormatException>(() => DatasetReader.Read(DatasetKind.Generic, t.Path));

        StringAssert.Contains(error.Message, "classes.txt:8:");
    }

    [TestMethod]
    public void A_path_leaving_the_dataset_folder_is_rejected()
    {
        using var t = Generic();
        File.AppendAllText(t.Combine("list.txt"), "../secret.jpg 1\n");

        var error = Assert.ThrowsExactly<DatasetFormatException>(() => DatasetReader.Read(DatasetKind.Generic, t.Path));

        StringAssert.Contains(error.Message, "must be relative");
    }
}
