using System.Collections.Concurrent;
using QcsCloud.Data.Datasets;
using QcsCloud.Data.Sampling;
using QcsCloud.Data.Transforms;

namespace QcsCloud.Data.Loading;

/// <summary>
/// Decodes and augments batches on worker threads and yields them in order. Workers take batch indices in
/// increasing order and at most <see cref="BatchLoaderOptions.QueueCapacity"/> batches are built ahead of the
/// consumer. Only plain arrays cross threads (TorchSharp scopes are per thread); every image's randomness is derived
/// from (seed, epoch, position, branch), so batches are identical whatever the thread count or timing.
/// </summary>
public sealed class BatchLoader
{
    private readonly IReadOnlyList<Sample> samples;
    private readonly ISampler sampler;
    private readonly TransformOptions transform;
    private readonly BatchLoaderOptions options;
    private readonly ConcurrentBag<float[]> recycled = [];

    public BatchLoader(IReadOnlyList<Sample> samples, ISampler sampler, TransformOptions transform, BatchLoaderOptions options)
    {
        this.samples = samples;
        this.sampler = sampler;
        this.transform = transform.Validate();
        this.options = options.Validate();
    }

    public int Branches => sampler.Branches;

    /// <summary>
    /// Hands a batch's image arrays back for reuse once the consumer has copied them (e.g. into tensors). Optional:
    /// it saves allocating tens of MB on the large-object heap per batch. The batch must not be used afterwards.
    /// </summary>
    public void Recycle(Batch batch)
    {
        foreach (var images in batch.Images) recycled.Add(images);
    }

    private float[] Rent(int length)
    {
        // Arrays of other lengths (a final partial batch) are dropped; every element is overwritten, so no clearing.
        while (recycled.TryTake(out var array))
            if (array.Length == length) return array;
        return new float[length];
    }

    public int BatchCount(int epoch) => CountFor(sampler.Epoch(epoch).Count);

    private int CountFor(int tuples) => options.DropLast
        ? tuples / options.BatchSize
        : (tuples + options.BatchSize - 1) / options.BatchSize;

    /// <summary>The batches of <paramref name="epoch"/> from <paramref name="startBatch"/> on (resume mid-epoch).</summary>
    public IEnumerable<Batch> Epoch(int epoch, int startBatch = 0, CancellationToken cancellationToken = default)
    {
        var tuples = sampler.Epoch(epoch);
        var count = CountFor(tuples.Count);
        if (startBatch < 0 || startBatch > count)
            throw new ArgumentOutOfRangeException(nameof(startBatch), startBatch, $"epoch {epoch} has {count} batches");
        return options.Workers == 0
            ? Sequential(tuples, epoch, startBatch, count, cancellationToken)
            : Parallel(tuples, epoch, startBatch, count, cancellationToken);
    }

    private IEnumerable<Batch> Sequential(IReadOnlyList<int[]> tuples, int epoch, int start, int count, CancellationToken ct)
    {
        for (var k = start; k < count; k++)
        {
            ct.ThrowIfCancellationRequested();
            yield return Build(tuples, epoch, k);
        }
    }

    private IEnumerable<Batch> Parallel(IReadOnlyList<int[]> tuples, int epoch, int start, int count, CancellationToken ct)
    {
        var results = new TaskCompletionSource<Batch>[count - start];
        for (var i = 0; i < results.Length; i++) results[i] = new(TaskCreationOptions.RunContinuationsAsynchronously);
        using var slots = new SemaphoreSlim(options.QueueCapacity);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var next = start - 1;
        var workers = new Thread[Math.Min(options.Workers, Math.Max(1, count - start))];
        for (var w = 0; w < workers.Length; w++)
        {
            workers[w] = new Thread(() =>
            {
                while (true)
                {
                    try { slots.Wait(stop.Token); }
                    catch (OperationCanceledException) { return; }
                    var k = Interlocked.Increment(ref next);
                    if (k >= count) { slots.Release(); return; }
                    try { results[k - start].SetResult(Build(tuples, epoch, k)); }
                    catch (Exception e) { results[k - start].SetException(e); }
                }
            })
            { IsBackground = true, Name = $"qcs-loader-{w}" };
            workers[w].Start();
        }
        try
        {
            for (var k = start; k < count; k++)
            {
                ct.ThrowIfCancellationRequested();
                var task = results[k - start].Task;
                if (!task.IsCompleted)
                {
                    try { task.Wait(ct); }
                    catch (AggregateException) { }                        // rethrown unwrapped just below
                }
                yield return task.GetAwaiter().GetResult();
                slots.Release();
            }
        }
        finally
        {
            stop.Cancel();
            foreach (var t in workers) t.Join();
        }
    }

    /// <summary>Builds batch <paramref name="k"/> of an epoch; pure function of its inputs.</summary>
    private Batch Build(IReadOnlyList<int[]> tuples, int epoch, int k)
    {
        var first = k * options.BatchSize;
        var size = Math.Min(options.BatchSize, tuples.Count - first);
        var branches = sampler.Branches;
        var s = transform.CropSize;
        var imageFloats = 3 * s * s;
        var images = new float[branches][];
        var labels = new int[branches][];
        var indices = new int[branches][];
        for (var b = 0; b < branches; b++)
        {
            images[b] = Rent(size * imageFloats);
            labels[b] = new int[size];
            indices[b] = new int[size];
        }
        for (var i = 0; i < size; i++)
        {
            var tuple = tuples[first + i];
            for (var b = 0; b < branches; b++)
            {
                var sample = samples[tuple[b]];
                var rng = SeededRandom.For(options.Seed, epoch, first + i, b);
                try
                {
                    ImageTransform.Apply(sample.Image.Load(), transform, rng, images[b].AsSpan(i * imageFloats, imageFloats));
                }
                catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
                {
                    throw new InvalidDataException($"Sample '{sample.Id}' ({sample.Image.Describe}): {e.Message}", e);
                }
                labels[b][i] = sample.Label;
                indices[b][i] = tuple[b];
            }
        }
        return new Batch(epoch, k, size, s, images, labels, indices);
    }
}
