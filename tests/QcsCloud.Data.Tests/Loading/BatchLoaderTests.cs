using QcsCloud.Core;
using QcsCloud.Data.Datasets;
using QcsCloud.Data.Loading;
using QcsCloud.Data.Readers;
using QcsCloud.Data.Sampling;
using QcsCloud.Data.Transforms;

namespace QcsCloud.Data.Tests.Loading;

[TestClass]
public sealed class BatchLoaderTests
{
    private static IReadOnlyList<Sample> Train() =>
        DatasetReader.Read(DatasetKind.RafDb, SyntheticData.Get(DatasetKind.RafDb)).Split(DatasetSplit.Train);

    private static List<Batch> Load(IReadOnlyList<Sample> train, int workers, int startBatch = 0, TrainingMode mode = TrainingMode.Qcs)
    {
        var sampler = Samplers.ForTraining(mode, DatasetKind.RafDb, train.Select(s => s.Label).ToArray(), 7, seed: 3);
        var loader = new BatchLoader(train, sampler, TransformOptions.RafDb(train: true, size: 32), new BatchLoaderOptions(8, workers, QueueCapacity: 2, Seed: 5));
        return loader.Epoch(epoch: 1, startBatch).ToList();
    }

    [TestMethod]
    public void Quadruplet_batches_have_four_branches_of_normalised_chw_floats()
    {
        var batches = Load(Train(), workers: 2);

        Assert.AreEqual(42 / 8, batches.Count);                        // drop last
        var batch = batches[0];
        Assert.AreEqual(4, batch.Branches);
        CollectionAssert.AreEqual(new long[] { 8, 3, 32, 32 }, batch.ImageShape);
        Assert.AreEqual(8 * 3 * 32 * 32, batch.Images[3].Length);
        CollectionAssert.AreEqual(batch.Labels[0], batch.Labels[1]);  // anchor and positive share the class
        for (var i = 0; i < 8; i++) Assert.AreNotEqual(batch.Labels[0][i], batch.Labels[2][i]);
        Assert.IsTrue(batch.Images[0].All(float.IsFinite));
        Assert.IsTrue(batch.Images[0].Min() < -1.5f && batch.Images[0].Max() > 1.5f, "values are ImageNet-normalised");
    }

    [TestMethod]
    public void Batches_are_identical_whatever_the_worker_count()
    {
        var train = Train();

        var inline = Load(train, workers: 0);
        var one = Load(train, workers: 1);
        var three = Load(train, workers: 3);

        for (var k = 0; k < inline.Count; k++)
            for (var b = 0; b < 4; b++)
            {
                CollectionAssert.AreEqual(inline[k].Images[b], one[k].Images[b], $"batch {k} branch {b}, 1 worker");
                CollectionAssert.AreEqual(inline[k].Images[b], three[k].Images[b], $"batch {k} branch {b}, 3 workers");
                CollectionAssert.AreEqual(inline[k].SampleIndices[b], three[k].SampleIndices[b]);
            }
    }

    [TestMethod]
    public void Resuming_at_a_batch_gives_the_rest_of_the_same_epoch()
    {
        var train = Train();

        var full = Load(train, workers: 2);
        var resumed = Load(train, workers: 2, startBatch: 2);

        Assert.AreEqual(full.Count - 2, resumed.Count);
        Assert.AreEqual(2, resumed[0].Index);
        CollectionAssert.AreEqual(full[2].Images[0], resumed[0].Images[0]);
    }

    [TestMethod]
    public void Evaluation_keeps_the_last_partial_batch_in_file_order()
    {
        var dataset = DatasetReader.Read(DatasetKind.RafDb, SyntheticData.Get(DatasetKind.RafDb));
        var test = dataset.Split(DatasetSplit.Test);
        var loader = new BatchLoader(test, new SequentialSampler(test.Count), TransformOptions.RafDb(train: false, size: 32), BatchLoaderOptions.Evaluation(5));

        var batches = loader.Epoch(0).ToList();

        Assert.AreEqual(3, batches.Count);
        Assert.AreEqual(4, batches[^1].Size);
        CollectionAssert.AreEqual(test.Select(s => s.Label).ToArray(), batches.SelectMany(b => b.Labels[0]).ToArray());
    }

    [TestMethod]
    public void An_unreadable_image_fails_the_batch_naming_the_sample()
    {
        using var copy = SyntheticData.Copy(DatasetKind.RafDb, 2);
        var dataset = DatasetReader.Read(DatasetKind.RafDb, copy.Path);
        var victim = (FileImageSource)dataset.Samples[0].Image;
        File.WriteAllText(victim.Path, "not a jpeg");
        var loader = new BatchLoader(dataset.Samples, new SequentialSampler(dataset.Samples.Count), TransformOptions.RafDb(false, 16), BatchLoaderOptions.Evaluation(4));

        var error = Assert.ThrowsExactly<InvalidDataException>(() => loader.Epoch(0).ToList());

        StringAssert.Contains(error.Message, dataset.Samples[0].Id);
    }
}
