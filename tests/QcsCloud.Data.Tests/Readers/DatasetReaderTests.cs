using QcsCloud.Core;
using QcsCloud.Data.Datasets;
using QcsCloud.Data.Readers;

namespace QcsCloud.Data.Tests.Readers;

[TestClass]
public sealed class DatasetReaderTests
{
    [TestMethod]
    public void A_missing_dataset_folder_is_named()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"qcs-nothing-{Guid.NewGuid():N}");

        var error = Assert.ThrowsExactly<DatasetFormatException>(() => DatasetReader.Read(DatasetKind.RafDb, missing));

        StringAssert.Contains(error.Message, missing);
        StringAssert.Contains(error.Message, "dataset folder not found");
    }

    [TestMethod]
    [DataRow(DatasetKind.FerPlus, "fer2013.csv")]
    [DataRow(DatasetKind.AffectNet8, "training.csv")]
    [DataRow(DatasetKind.Generic, "classes.txt")]
    public void An_empty_folder_names_the_file_each_layout_expects(DatasetKind kind, string expected)
    {
        using var t = new TempFolder();

        var error = Assert.ThrowsExactly<DatasetFormatException>(() => DatasetReader.Read(kind, t.Path));

        StringAssert.Contains(error.Message, expected);
    }

    [TestMethod]
    public void Existence_check_only_defers_decoding_errors_to_the_loader()
    {
        using var t = SyntheticData.Copy(DatasetKind.RafDb, 2);
        File.WriteAllText(t.Combine("Image", "aligned", "train_00001_aligned.jpg"), "garbage");

        var header = Assert.ThrowsExactly<DatasetFormatException>(() => DatasetReader.Read(DatasetKind.RafDb, t.Path));
        var exists = DatasetReader.Read(DatasetKind.RafDb, t.Path, new DatasetReadOptions(CheckImages: ImageCheck.Exists));

        StringAssert.Contains(header.Message, "unreadable");
        var sample = exists.Samples.Single(s => s.Id == "train_00001.jpg");
        StringAssert.Contains(Assert.ThrowsExactly<InvalidDataException>(() => sample.Image.Load()).Message, "train_00001_aligned.jpg");
    }
}
