using QcsCloud.Core;

namespace QcsCloud.Core.Tests;

[TestClass]
public sealed class DatasetCatalogTests
{
    [TestMethod]
    [DataRow("RAF-DB", DatasetKind.RafDb)]
    [DataRow("ferplus", DatasetKind.FerPlus)]
    [DataRow("AffectNet_7", DatasetKind.AffectNet7)]
    [DataRow("affectnet8", DatasetKind.AffectNet8)]
    public void Users_spellings_parse_to_the_dataset(string text, DatasetKind expected) =>
        Assert.AreEqual(expected, DatasetCatalog.Parse(text));

    [TestMethod]
    public void An_unknown_dataset_is_named_with_the_known_ones()
    {
        var error = Assert.ThrowsExactly<ArgumentException>(() => DatasetCatalog.Parse("imagenet"));
        StringAssert.Contains(error.Message, "'imagenet'");
        StringAssert.Contains(error.Message, "rafdb");
    }

    [TestMethod]
    public void Class_orders_match_the_reference_lists()
    {
        CollectionAssert.AreEqual(new[] { "Surprise", "Fear", "Disgust", "Happy", "Sad", "Anger", "Neutral" }, DatasetCatalog.ClassNames(DatasetKind.RafDb).ToArray());
        Assert.AreEqual(8, DatasetCatalog.ClassNames(DatasetKind.FerPlus).Count);
        CollectionAssert.AreEqual(DatasetCatalog.ClassNames(DatasetKind.AffectNet8).Take(7).ToArray(), DatasetCatalog.ClassNames(DatasetKind.AffectNet7).ToArray());
        Assert.AreEqual("Contempt", DatasetCatalog.ClassNames(DatasetKind.AffectNet8)[7]);
    }
}
