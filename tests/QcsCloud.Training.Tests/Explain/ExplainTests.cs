using System.Text.Json;
using QcsCloud.Core;
using QcsCloud.Model;
using QcsCloud.Data.Datasets;
using QcsCloud.Data.Readers;
using QcsCloud.Data.Synthetic;
using QcsCloud.Training.Explain;
using QcsCloud.Training.Loop;
using QcsCloud.Training.Recipes;
using SkiaSharp;

namespace QcsCloud.Training.Tests.Explain;

/// <summary><c>qcs explain</c> on a real (tiny, briefly trained) QCS checkpoint over synthetic RAF-DB faces.</summary>
[TestClass]
public sealed class ExplainTests
{
    private static string root = "";
    private static string data = "";
    private static string checkpoint = "";

    public TestContext TestContext { get; set; } = null!;

    [ClassInitialize]
    public static void TrainTinyCheckpoint(TestContext _)
    {
        root = Directory.CreateTempSubdirectory("qcs-explain-").FullName;
        data = Path.Combine(root, "rafdb");
        SyntheticDatasetWriter.Write(DatasetKind.RafDb, data, perClass: 6, seed: 11);
        var run = Path.Combine(root, "run");
        var config = new TrainingConfig(DatasetKind.RafDb, TrainingMode.Qcs, Seed: 1,
            Recipe: TrainingRecipes.QcsRafDb with { Epochs = 1, BatchSize = 4, LearningRate = 1e-3 },
            Network: NetworkPreset.Tiny, ImageSize: 32, StepsPerEpoch: 2, Threads: TestSetup.Threads, Workers: 1, MaxEvalSamples: 8);
        new TrainingSession(config, DatasetReader.Read(DatasetKind.RafDb, data), run).Run();
        checkpoint = Path.Combine(run, BlobLayout.BestCheckpointFile);
    }

    [ClassCleanup]
    public static void Delete()
    {
        if (Directory.Exists(root)) Directory.Delete(root, recursive: true);
    }

    [TestMethod]
    public void Explain_writes_one_png_strip_per_image_and_the_index_last()
    {
        var output = Path.Combine(root, "explain-a");
        Directory.CreateDirectory(output);
        using var watcher = FileEvents.Watch(output);

        var index = ExplainRunner.Run(new ExplainOptions(checkpoint, DatasetKind.RafDb, data, output, Count: 3));

        // The file system's own events (inotify), in order: the index is written after the last PNG.
        var events = watcher.WaitFor(ExplainIndex.FileName, TimeSpan.FromSeconds(10));
        var firstIndexEvent = events.FindIndex(e => e == ExplainIndex.FileName);
        var lastPngEvent = events.FindLastIndex(e => e.EndsWith(".png", StringComparison.Ordinal));
        Assert.IsTrue(lastPngEvent >= 0 && firstIndexEvent > lastPngEvent, string.Join(", ", events));

        Assert.AreEqual(3, index.Figures.Count);
        Assert.AreEqual(TrainingMode.Qcs, index.Mode);
        foreach (var f in index.Figures)
        {
            using var png = SKBitmap.Decode(Path.Combine(output, f.File));
            Assert.IsNotNull(png, f.File);
            Assert.AreEqual(224, png.Height);
            Assert.AreEqual(4 * 224 + 3 * 6, png.Width, "face + one panel per level");
            Assert.AreEqual(3, f.LevelMaps.Count);
            foreach (var map in f.LevelMaps)
            {
                Assert.AreEqual(4, map.Length, "tiny network at 32 px: a 2x2 token grid per level");
                Assert.AreEqual(1.0, map.Sum(), 1e-4, "a CSA map is a softmax over the level's tokens");
            }
            StringAssert.Contains(f.Caption, $"true {f.TrueClass}");
        }
        // Kept with the test results, to look at.
        var kept = Path.Combine(TestContext.TestRunResultsDirectory ?? root, "explain-attention-00.png");
        File.Copy(Path.Combine(output, index.Figures[0].File), kept, overwrite: true);
        TestContext.AddResultFile(kept);
        // Anchors come from different classes first.
        Assert.AreEqual(3, index.Figures.Select(f => f.TrueClass).Distinct().Count());
        var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, ExplainIndex.FileName))).RootElement;
        Assert.AreEqual("attention-00.png", json.GetProperty("figures")[0].GetProperty("file").GetString());
        Assert.AreEqual("rafdb", json.GetProperty("dataset").GetString());
    }

    [TestMethod]
    public void Explain_is_deterministic()
    {
        var a = ExplainRunner.Run(new ExplainOptions(checkpoint, DatasetKind.RafDb, data, Path.Combine(root, "explain-b1"), Count: 2));
        var b = ExplainRunner.Run(new ExplainOptions(checkpoint, DatasetKind.RafDb, data, Path.Combine(root, "explain-b2"), Count: 2));

        for (var i = 0; i < 2; i++)
        {
            Assert.AreEqual(a.Figures[i].SampleId, b.Figures[i].SampleId);
            CollectionAssert.AreEqual(a.Figures[i].LevelMaps[2], b.Figures[i].LevelMaps[2]);
        }
    }

    [TestMethod]
    public void Data_with_other_classes_is_refused_naming_both_class_lists()
    {
        var ferplus = Path.Combine(root, "ferplus");
        if (!Directory.Exists(ferplus)) SyntheticDatasetWriter.Write(DatasetKind.FerPlus, ferplus, perClass: 2, seed: 3);

        var e = Assert.ThrowsExactly<TrainingInputException>(() =>
            ExplainRunner.Run(new ExplainOptions(checkpoint, DatasetKind.FerPlus, ferplus, Path.Combine(root, "explain-c"))));

        StringAssert.Contains(e.Message, "--data classes [Neutral, Happiness");
        StringAssert.Contains(e.Message, "checkpoint's [Surprise, Fear");
    }

    [TestMethod]
    public void Quadruplets_pair_the_anchor_with_its_class_and_two_negatives_of_one_other_class()
    {
        var dataset = DatasetReader.Read(DatasetKind.RafDb, data);

        var tuples = ExplainSelection.Pick(dataset, DatasetSplit.Test, 9, TrainingMode.Qcs);

        Assert.AreEqual(9, tuples.Count);
        foreach (var t in tuples)
        {
            var (p, n, n2) = (t.Partners[0], t.Partners[1], t.Partners[2]);
            Assert.AreEqual(t.Anchor.Label, p.Label);
            Assert.AreNotEqual(t.Anchor.Id, p.Id);
            Assert.AreNotEqual(t.Anchor.Label, n.Label);
            Assert.AreEqual(n.Label, n2.Label);
            Assert.AreNotEqual(n.Id, n2.Id);
        }
        Assert.AreEqual(2, ExplainSelection.Pick(dataset, DatasetSplit.Test, 1, TrainingMode.Dcs)[0].Branches.Count());
        Assert.ThrowsExactly<TrainingInputException>(() => ExplainSelection.Pick(dataset, DatasetSplit.Test, 1, TrainingMode.Baseline));
    }

    [TestMethod]
    public void Upsampling_keeps_the_peak_where_the_map_has_it_and_scales_to_unit_range()
    {
        var map = new float[49];
        map[1 * 7 + 5] = 1;   // row 1, column 5 of the 7x7 grid

        var up = AttentionOverlay.Upsample(map, 70);

        var peak = Array.IndexOf(up, up.Max());
        Assert.AreEqual(1, peak / 70 / 10, "peak row");
        Assert.AreEqual(5, peak % 70 / 10, "peak column");
        Assert.AreEqual(1f, up.Max(), 1e-6f);
        Assert.AreEqual(0f, up.Min(), 1e-6f);
        Assert.AreEqual((byte)0, AttentionOverlay.Jet(0).R);
        Assert.AreEqual((byte)0, AttentionOverlay.Jet(1).B);
    }
}
