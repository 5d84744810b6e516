
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

    // The label lists as each dataset's own documentation writes them, index by index:
    // - RAF-DB, basic emotions (http://www.whdeng.cn/raf/model1.html; list_patition_label.txt labels 1-7):
    //   1 Surprise, 2 Fear, 3 Disgust, 4 Happiness, 5 Sadness, 6 Anger, 7 Neutral.
    // - FER+ (README of github.com/microsoft/FERPlus: fer2013new.csv columns after "Usage" and "Image name"):
    //   neutral, happiness, surprise, sadness, anger, disgust, fear, contempt, unknown, NF (the last two are no class).
    // - AffectNet (http://mohammadmahoor.com/affectnet/, "expression" of training.csv / validation.csv):
    //   0 Neutral, 1 Happiness, 2 Sadness, 3 Surprise, 4 Fear, 5 Disgust, 6 Anger, 7 Contempt, 8 None, 9 Uncertain,
    //   10 No-Face; AffectNet-7 keeps 0-6, AffectNet-8 keeps 0-7.
    private static readonly string[] RafDbDocumented = ["Surprise", "Fear", "Disgust", "Happiness", "Sadness", "Anger", "Neutral"];
    private static readonly string[] FerPlusDocumented = ["neutral", "happiness", "surprise", "sadness", "anger", "disgust", "fear", "contempt"];
    private static readonly string[] AffectNetDocumented = ["Neutral", "Happiness", "Sadness", "Surprise", "Fear", "Disgust", "Anger", "Contempt"];

    /// <summary>Our short names for the documented ones (RAF-DB and AffectNet say Happiness/Sadness, the reference code Happy/Sad).</summary>
    private static string Documented(string name) => name switch
    {
        "Happy" => "happiness",
        "Sad" => "sadness",
        _ => name.ToLowerInvariant(),
    };

    [TestMethod]
    [DataRow(DatasetKind.RafDb, 7)]
    [DataRow(DatasetKind.FerPlus, 8)]
    [DataRow(DatasetKind.AffectNet7, 7)]
    [DataRow(DatasetKind.AffectNet8, 8)]
    public void Class_orders_are_the_datasets_documented_label_orders(DatasetKind kind, int count)
    {
        var documented = kind switch
        {
            DatasetKind.RafDb => RafDbDocumented,
            DatasetKind.FerPlus => FerPlusDocumented,
            _ => AffectNetDocumented[..count],
        };

        var ours = DatasetCatalog.ClassNames(kind).Select(Documented).ToArray();

        CollectionAssert.AreEqual(documented.Select(n => n.ToLowerInvariant()).ToArray(), ours, string.Join(", ", ours));
    }
}
