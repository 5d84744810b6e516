using QcsCloud.Core;
using QcsCloud.Data.Datasets;
using QcsCloud.Data.Readers;
using QcsCloud.Data.Synthetic;
using QcsCloud.Data.Transforms;

namespace QcsCloud.Data.Tests.Synthetic;

[TestClass]
public sealed class SyntheticDatasetWriterTests
{
    [TestMethod]
    public void Rafdb_layout_is_the_official_one()
    {
        var root = SyntheticData.Get(DatasetKind.RafDb);

        var lines = File.ReadAllLines(Path.Combine(root, "EmoLabel", "list_patition_label.txt"));

        Assert.AreEqual("train_00001.jpg", lines[0].Split(' ')[0]);
        Assert.IsTrue(lines.Any(l => l.StartsWith("test_0001.jpg ")));
        Assert.IsTrue(lines.All(l => int.Parse(l.Split(' ')[1]) is >= 1 and <= 7), "labels 1..7 in the file");
        Assert.IsTrue(File.Exists(Path.Combine(root, "Image", "aligned", "test_0001_aligned.jpg")));
    }

    [TestMethod]
    public void Ferplus_files_have_the_official_headers_and_2304_pixels()
    {
        var root = SyntheticData.Get(DatasetKind.FerPlus);

        var pixels = File.ReadLines(Path.Combine(root, "fer2013.csv")).Take(2).ToArray();
        var votes = File.ReadLines(Path.Combine(root, "fer2013new.csv")).First();

        Assert.AreEqual("emotion,pixels,Usage", pixels[0]);
        Assert.AreEqual("Usage,Image name,neutral,happiness,surprise,sadness,anger,disgust,fear,contempt,unknown,NF", votes);
        Assert.AreEqual(2304, pixels[1].Split(',')[1].Split(' ').Length);
    }

    [TestMethod]
    public void Affectnet_csv_has_all_columns_and_images_in_sub_directories()
    {
        var root = SyntheticData.Get(DatasetKind.AffectNet8);

        var lines = File.ReadAllLines(Path.Combine(root, "training.csv"));

        Assert.AreEqual(AffectNetReader.Header, lines[0]);
        var row = lines[1].Split(',');
        Assert.AreEqual(9, row.Length);
        Assert.AreEqual(136, row[5].Split(';').Length, "68 landmarks as x;y pairs");
        Assert.IsTrue(File.Exists(Path.Combine(root, "Manually_Annotated_Images", row[0])));
        Assert.IsTrue(lines.Skip(1).Any(l => l.Split(',')[6] == "9"), "rows the reader must drop are present");
    }

    [TestMethod]
    public void The_same_seed_writes_the_same_files()
    {
        using var a = new TempFolder();
        using var b = new TempFolder();

        SyntheticDatasetWriter.Write(DatasetKind.FerPlus, a.Path, 3, seed: 11);
        SyntheticDatasetWriter.Write(DatasetKind.FerPlus, b.Path, 3, seed: 11);

        CollectionAssert.AreEqual(File.ReadAllBytes(a.Combine("fer2013.csv")), File.ReadAllBytes(b.Combine("fer2013.csv")));
        CollectionAssert.AreEqual(File.ReadAllBytes(a.Combine("fer2013new.csv")), File.ReadAllBytes(b.Combine("fer2013new.csv")));
    }

    [TestMethod]
    public void Classes_are_learnable_but_not_given_away_by_brightness()
    {
        // A nearest-centroid classifier on the grey centre (where the face is) of 32x32 images: well above chance (1/7)
        // on the test split, while mean brightness alone (a nuisance shared by all classes) stays near chance. A linear
        // model is a weak learner with the shifts and tilts drawn in; a CNN does far better.
        var dataset = DatasetReader.Read(DatasetKind.RafDb, SyntheticData.Get(DatasetKind.RafDb, perClass: 40));
        var eval = TransformOptions.RafDb(train: false, size: 32);
        float[] Features(Sample s)
        {
            var rgb = ImageTransform.Apply(s.Image.Load(), eval, null);
            var x = (from y in Enumerable.Range(6, 22) from c in Enumerable.Range(8, 16) select rgb[y * 32 + c] + rgb[1024 + y * 32 + c] + rgb[2048 + y * 32 + c]).ToArray();
            var (mean, sd) = (x.Average(), MathF.Sqrt(x.Average(v => v * v) - x.Average() * x.Average()) + 1e-6f);
            return x.Select(v => (v - mean) / sd).ToArray();              // per-image standardised: skin and light drop out
        }
        var train = dataset.Split(DatasetSplit.Train).Select(s => (Label: s.Label, X: Features(s))).ToArray();
        var test = dataset.Split(DatasetSplit.Test).Select(s => (Label: s.Label, X: Features(s))).ToArray();

        var centroids = Enumerable.Range(0, 7).Select(c =>
        {
            var members = train.Where(t => t.Label == c).ToArray();
            return Enumerable.Range(0, members[0].X.Length).Select(i => members.Average(m => m.X[i])).ToArray();
        }).ToArray();
        int Nearest(float[] x) => Enumerable.Range(0, 7).MinBy(c => x.Select((v, i) => (v - centroids[c][i]) * (v - centroids[c][i])).Sum());
        var accuracy = test.Count(t => Nearest(t.X) == t.Label) / (double)test.Length;

        float Brightness(Sample s) => s.Image.Load().Pixels.Average(b => (float)b);
        var trainBrightness = dataset.Split(DatasetSplit.Train).Select(s => (s.Label, B: Brightness(s))).ToArray();
        var brightness = Enumerable.Range(0, 7).Select(c => trainBrightness.Where(t => t.Label == c).Average(t => t.B)).ToArray();
        int ByBrightness(Sample s) => Enumerable.Range(0, 7).MinBy(c => Math.Abs(Brightness(s) - brightness[c]));
        var brightnessAccuracy = dataset.Split(DatasetSplit.Test).Count(s => ByBrightness(s) == s.Label) / (double)test.Length;

        Console.WriteLine($"nearest centroid {accuracy:P1}, brightness only {brightnessAccuracy:P1}");
        Assert.IsTrue(accuracy >= 0.35, $"nearest-centroid accuracy {accuracy:P1} should be well above chance (14%)");
        Assert.IsTrue(brightnessAccuracy <= 0.30, $"brightness alone gives {brightnessAccuracy:P1}");
    }

    [TestMethod]
    public void Bad_arguments_name_the_value()
    {
        using var t = new TempFolder();

        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => SyntheticDatasetWriter.Write(DatasetKind.RafDb, t.Path, 1, 0)).Message, "perClass (1)");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => SyntheticDatasetWriter.Write(DatasetKind.Generic, t.Path, 4, 0)).Message, "not generic");
    }
}
