using QcsCloud.Core;
using QcsCloud.Data.Datasets;
using QcsCloud.Data.Loading;
using QcsCloud.Data.Readers;
using QcsCloud.Data.Sampling;
using QcsCloud.Data.Transforms;

namespace QcsCloud.Data.Tests.Loading;

[TestClass]
public sealed class BatchLoaderBoundsTests
{
    /// <summary>An image source that counts its loads.</summary>
    private sealed class CountingSource(ImageSource inner, Action onLoad) : ImageSource
    {
        public override string Describe => inner.Describe;
        public override QcsCloud.Data.Images.ImagePayload ReadPayload()
        {
            onLoad();
            return inner.ReadPayload();
        }
    }

    [TestMethod]
    public void Workers_never_run_more_than_the_queue_capacity_ahead_of_the_consumer()
    {
        var dataset = DatasetReader.Read(DatasetKind.RafDb, SyntheticData.Get(DatasetKind.RafDb));
        var loads = 0;
        var samples = dataset.Samples.Select(s => s with { Image = new CountingSource(s.Image, () => Interlocked.Increment(ref loads)) }).ToArray();
        var loader = new BatchLoader(samples, new SequentialSampler(samples.Length), TransformOptions.RafDb(false, 16),
            new BatchLoaderOptions(4, Workers: 3, QueueCapacity: 2));

        using var batches = loader.Epoch(0).GetEnumerator();
        Assert.IsTrue(batches.MoveNext());
        Thread.Sleep(500);                                               // give the workers time to run ahead if they could

        // Consumer holds batch 0; at most QueueCapacity batches are built or building: 0 and 1.
        Assert.IsTrue(Volatile.Read(ref loads) <= 2 * 4, $"{loads} images loaded while the consumer held the first batch");
    }

    [TestMethod]
    public void A_cancelled_epoch_stops_with_operation_cancelled()
    {
        var dataset = DatasetReader.Read(DatasetKind.RafDb, SyntheticData.Get(DatasetKind.RafDb));
        var loader = new BatchLoader(dataset.Samples, new SequentialSampler(dataset.Samples.Count), TransformOptions.RafDb(false, 16),
            new BatchLoaderOptions(4, Workers: 2));
        using var cancel = new CancellationTokenSource();

        var seen = 0;
        Assert.ThrowsExactly<OperationCanceledException>(() =>
        {
            foreach (var _ in loader.Epoch(0, cancellationToken: cancel.Token))
                if (++seen == 2) cancel.Cancel();
        });
        Assert.AreEqual(2, seen);
    }
}
