using QcsCloud.Core;
using QcsCloud.Data.Datasets;
using QcsCloud.Data.Loading;
using QcsCloud.Data.Readers;
using QcsCloud.Data.Sampling;
using QcsCloud.Data.Transforms;

namespace QcsCloud.Data.Tests.Loading;

[TestClass]
public sealed class BatchLoaderRecycleTests
{
    [TestMethod]
    public void Recycled_arrays_are_reused_and_batches_stay_identical()
    {
        var dataset = DatasetReader.Read(DatasetKind.RafDb, SyntheticData.Get(DatasetKind.RafDb));
        var train = dataset.Split(DatasetSplit.Train);
        BatchLoader Make() => new(train, new ShuffleSampler(train.Count, 1), TransformOptions.RafDb(true, 16), new BatchLoaderOptions(8, Workers: 2, Seed: 2));
        var plain = Make().Epoch(0).Select(b => b.Images[0]).ToList();

        var loader = Make();
        var seen = new HashSet<float[]>(ReferenceEqualityComparer.Instance);
        var reused = 0;
        var k = 0;
        foreach (var batch in loader.Epoch(0))
        {
            CollectionAssert.AreEqual(plain[k++], batch.Images[0]);
            if (!seen.Add(batch.Images[0])) reused++;
            loader.Recycle(batch);
        }

        Assert.AreEqual(plain.Count, k);
        Assert.IsTrue(reused > 0, "recycled arrays come back");
    }
}
