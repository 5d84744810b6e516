using QcsCloud.Core;
using QcsCloud.Data.Datasets;
using QcsCloud.Data.Loading;
using QcsCloud.Data.Packing;
using QcsCloud.Data.Readers;
using QcsCloud.Data.Sampling;
using QcsCloud.Data.Transforms;

namespace QcsCloud.Data.Tests.Packing;

[TestClass]
public sealed class DatasetPackerTests
{
    private static void AssertIdentical(LoadedDataset original, LoadedDataset packed)
    {
        CollectionAssert.AreEqual(original.ClassNames.ToArray(), packed.ClassNames.ToArray());
        Assert.AreEqual(original.Samples.Count, packed.Samples.Count);
        for (var i = 0; i < original.Samples.Count; i++)
        {
            var (a, b) = (original.Samples[i], packed.Samples[i]);
            Assert.AreEqual((a.Id, a.Label, a.Split, a.Image.Crop), (b.Id, b.Label, b.Split, b.Image.Crop));
            var (x, y) = (a.Image.Load(), b.Image.Load());
            Assert.AreEqual((x.Width, x.Height), (y.Width, y.Height), a.Id);
            CollectionAssert.AreEqual(x.Pixels, y.Pixels, a.Id);
        }
        Assert.AreEqual(QcsJson.Serialize(original.Report.Counts), QcsJson.Serialize(packed.Report.Counts));
    }

    [TestMethod]
    [DataRow(DatasetKind.RafDb, false)]
    [DataRow(DatasetKind.FerPlus, false)]
    [DataRow(DatasetKind.AffectNet8, true)]
    public void Reading_the_shards_gives_identical_samples(DatasetKind kind, bool faceCrop)
    {
        var original = DatasetReader.Read(kind, SyntheticData.Get(kind), new DatasetReadOptions(FaceCrop: faceCrop));
        using var packed = new TempFolder("packed");

        var manifest = DatasetPacker.Pack(original, packed.Path, new PackOptions(ShardBytes: 16 << 10));
        var reread = DatasetReader.Read(kind, packed.Path);

        Assert.IsTrue(manifest.Shards.Count > 1, "small shard size gives several shards");
        Assert.IsTrue(File.Exists(packed.Combine("manifest.json")));
        AssertIdentical(original, reread);
        Assert.AreEqual(QcsJson.Serialize(original.Report.DroppedByRule), QcsJson.Serialize(reread.Report.DroppedByRule));
        ShardReader.Verify(packed.Path);
    }

    [TestMethod]
    public void Loader_batches_from_shards_equal_those_from_the_original_layout()
    {
        var original = DatasetReader.Read(DatasetKind.RafDb, SyntheticData.Get(DatasetKind.RafDb));
        using var packed = new TempFolder("packed");
        DatasetPacker.Pack(original, packed.Path);
        var reread = ShardReader.Read(packed.Path);

        float[] FirstBatch(LoadedDataset d)
        {
            var train = d.Split(DatasetSplit.Train);
            var sampler = Samplers.ForTraining(TrainingMode.Dcs, DatasetKind.RafDb, train.Select(s => s.Label).ToArray(), 7, 1);
            return new BatchLoader(train, sampler, TransformOptions.RafDb(true, 32), new BatchLoaderOptions(6, 1)).Epoch(0).First().Images[1];
        }

        CollectionAssert.AreEqual(FirstBatch(original), FirstBatch(reread));
    }

    [TestMethod]
    public void The_content_hash_ignores_shard_size_and_follows_the_content()
    {
        var original = DatasetReader.Read(DatasetKind.RafDb, SyntheticData.Get(DatasetKind.RafDb));
        using var a = new TempFolder("pack-a");
        using var b = new TempFolder("pack-b");
        using var c = new TempFolder("pack-c");
        var relabelled = new LoadedDataset(original.Kind, original.Root, original.ClassNames,
            original.Samples.Select((s, i) => i == 0 ? s with { Label = (s.Label + 1) % 7 } : s).ToArray(), original.Report);

        var one = DatasetPacker.Pack(original, a.Path);
        var many = DatasetPacker.Pack(original, b.Path, new PackOptions(ShardBytes: 8 << 10));
        var changed = DatasetPacker.Pack(relabelled, c.Path);

        Assert.AreEqual(one.ContentHash, many.ContentHash);
        Assert.AreNotEqual(one.ContentHash, changed.ContentHash);
        Assert.AreEqual(32, one.ContentHash.Length);
        Assert.IsTrue(BlobLayout.IsSafeName(one.ContentHash), "usable as the staging folder name");
        Assert.AreEqual(1, one.Shards.Count);
    }

    [TestMethod]
    public void A_corrupted_shard_is_named_by_verify()
    {
        var original = DatasetReader.Read(DatasetKind.RafDb, SyntheticData.Get(DatasetKind.RafDb));
        using var packed = new TempFolder("packed");
        var manifest = DatasetPacker.Pack(original, packed.Path, new PackOptions(ShardBytes: 16 << 10));
        var victim = packed.Combine(manifest.Shards[1].Name);
        var bytes = File.ReadAllBytes(victim);
        bytes[100] ^= 0xFF;
        File.WriteAllBytes(victim, bytes);

        var error = Assert.ThrowsExactly<DatasetFormatException>(() => ShardReader.Verify(packed.Path));

        StringAssert.Contains(error.Message, manifest.Shards[1].Name);
    }

    [TestMethod]
    public void A_truncated_shard_or_the_wrong_dataset_kind_is_refused_on_read()
    {
        var original = DatasetReader.Read(DatasetKind.RafDb, SyntheticData.Get(DatasetKind.RafDb));
        using var packed = new TempFolder("packed");
        var manifest = DatasetPacker.Pack(original, packed.Path);

        var wrongKind = Assert.ThrowsExactly<DatasetFormatException>(() => DatasetReader.Read(DatasetKind.FerPlus, packed.Path));
        using (var s = File.OpenWrite(packed.Combine(manifest.Shards[0].Name))) s.SetLength(s.Length - 10);
        var truncated = Assert.ThrowsExactly<DatasetFormatException>(() => ShardReader.Read(packed.Path));

        StringAssert.Contains(wrongKind.Message, "holds rafdb, not ferplus");
        StringAssert.Contains(truncated.Message, "the manifest says");
    }
}
