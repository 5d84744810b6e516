using QcsCloud.Core;
using QcsCloud.Data.Datasets;
using QcsCloud.Data.Images;
using QcsCloud.Data.Packing;
using QcsCloud.Data.Readers;

namespace QcsCloud.Data.Tests.Packing;

/// <summary><c>qcs pack</c> decodes every image once: broken ones fail the pack naming the file, or are listed with --skip-bad.</summary>
[TestClass]
public sealed class PackVerificationTests
{
    private const string Victim = "Image/aligned/train_00003_aligned.jpg";

    /// <summary>What <c>qcs pack</c> reads with: only existence up front, since packing decodes every image anyway.</summary>
    private static LoadedDataset ReadForPack(string root, bool skipBad = false) =>
        DatasetReader.Read(DatasetKind.RafDb, root, new DatasetReadOptions(SkipBad: skipBad, CheckImages: ImageCheck.Exists));

    private static void Break(string path, string how)
    {
        switch (how)
        {
            case "truncated": File.WriteAllBytes(path, File.ReadAllBytes(path)[..600]); break;
            case "empty": File.WriteAllBytes(path, []); break;
            case "garbage": File.WriteAllBytes(path, Enumerable.Range(0, 3000).Select(i => (byte)(i * 37 % 251)).ToArray()); break;
            case "too small": File.WriteAllBytes(path, ImageEncoder.EncodeJpeg(new RgbImage(20, 20))); break;
            default: throw new ArgumentException(how);
        }
    }

    [TestMethod]
    [DataRow("truncated", "truncated image: the data ends after 600 bytes")]
    [DataRow("empty", "empty file (0 bytes)")]
    [DataRow("garbage", "not a readable image (3000 bytes")]
    [DataRow("too small", "image is 20x20, smaller than the minimum side of 32 px")]
    public void A_bad_image_fails_the_pack_naming_the_file(string how, string expected)
    {
        using var t = SyntheticData.Copy(DatasetKind.RafDb);
        var victim = t.Combine(Victim);
        Break(victim, how);
        using var packed = new TempFolder("packed");

        var error = Assert.ThrowsExactly<DatasetFormatException>(() => DatasetPacker.Pack(ReadForPack(t.Path), packed.Path));

        Assert.AreEqual(1, error.Entries.Count, error.Message);
        Assert.AreEqual(victim, error.Entries[0].File);
        StringAssert.Contains(error.Message, expected);
        Assert.IsFalse(File.Exists(packed.Combine("manifest.json")), "a failed pack leaves no manifest");
        Assert.AreEqual(0, Directory.GetFiles(packed.Path, "shard-*.bin").Length, "a failed pack leaves no shards");
    }

    [TestMethod]
    [DataRow("truncated", "truncated image")]
    [DataRow("empty", "empty file")]
    [DataRow("garbage", "not a readable image")]
    [DataRow("too small", "smaller than the minimum side")]
    public void With_skip_bad_a_bad_image_is_listed_in_the_manifest_and_the_rest_packs(string how, string expected)
    {
        using var t = SyntheticData.Copy(DatasetKind.RafDb);
        var victim = t.Combine(Victim);
        Break(victim, how);
        var dataset = ReadForPack(t.Path, skipBad: true);
        using var packed = new TempFolder("packed");

        var manifest = DatasetPacker.Pack(dataset, packed.Path, new PackOptions(SkipBad: true));
        var reread = DatasetReader.Read(DatasetKind.RafDb, packed.Path);

        var skipped = manifest.Skipped.Single();
        Assert.AreEqual(victim, skipped.File);
        StringAssert.Contains(skipped.Reason, expected);
        Assert.AreEqual(dataset.Samples.Count - 1, manifest.SampleCount);
        CollectionAssert.AreEqual(dataset.Samples.Select(s => s.Id).Where(id => id != "train_00003.jpg").ToArray(), reread.Samples.Select(s => s.Id).ToArray());
        Assert.AreEqual(dataset.Split(DatasetSplit.Train).Count - 1, manifest.Counts["train"].Values.Sum());
        Assert.AreEqual(victim, ShardReader.ReadManifest(packed.Path).Skipped.Single().File);
    }

    [TestMethod]
    public void The_minimum_side_is_an_option()
    {
        using var t = SyntheticData.Copy(DatasetKind.RafDb);
        Break(t.Combine(Victim), "too small");
        using var packed = new TempFolder("packed");

        var manifest = DatasetPacker.Pack(ReadForPack(t.Path), packed.Path, new PackOptions(MinSide: 16));

        Assert.AreEqual(0, manifest.Skipped.Count);
        Assert.AreEqual(16, manifest.MinSide);
    }

    [TestMethod]
    public void Every_bad_image_is_named_at_once()
    {
        using var t = SyntheticData.Copy(DatasetKind.RafDb);
        Break(t.Combine("Image/aligned/train_00001_aligned.jpg"), "truncated");
        Break(t.Combine("Image/aligned/test_0002_aligned.jpg"), "empty");
        using var packed = new TempFolder("packed");

        var error = Assert.ThrowsExactly<DatasetFormatException>(() => DatasetPacker.Pack(ReadForPack(t.Path), packed.Path));

        CollectionAssert.AreEquivalent(new[] { t.Combine("Image/aligned/train_00001_aligned.jpg"), t.Combine("Image/aligned/test_0002_aligned.jpg") },
            error.Entries.Select(e => e.File).ToArray());
    }

    [TestMethod]
    [DataRow(DatasetKind.RafDb)]
    [DataRow(DatasetKind.AffectNet8)]
    [DataRow(DatasetKind.FerPlus)]
    public void The_index_records_each_images_decoded_size(DatasetKind kind)
    {
        var root = SyntheticData.Get(kind);
        var dataset = DatasetReader.Read(kind, root);
        using var packed = new TempFolder("packed");

        DatasetPacker.Pack(dataset, packed.Path);

        var entries = File.ReadLines(packed.Combine(PackIndex.FileName)).Skip(1).Select((l, i) => PackIndex.Parse(l, "index.tsv", i + 2)).ToArray();
        Assert.AreEqual(dataset.Samples.Count, entries.Length);
        for (var i = 0; i < entries.Length; i++)
        {
            var image = dataset.Samples[i].Image.Load();
            Assert.AreEqual((image.Width, image.Height), (entries[i].Width, entries[i].Height), entries[i].Id);
        }
    }
}
