namespace QcsCloud.Data.Loading;

/// <summary>How batches are made.</summary>
/// <param name="Workers">Decode + augment threads; 0 builds batches on the caller's thread.</param>
/// <param name="QueueCapacity">Batches built ahead of the consumer (bounds memory: a QCS batch of 24 at 224 is ~58 MB).</param>
/// <param name="DropLast">Drop a final partial batch (training); keep it for evaluation.</param>
/// <param name="Seed">Augmentation seed; each image's randomness comes from (Seed, epoch, position, branch).</param>
public sealed record BatchLoaderOptions(int BatchSize, int Workers = 2, int QueueCapacity = 4, bool DropLast = true, int Seed = 0)
{
    public static BatchLoaderOptions Evaluation(int batchSize, int workers = 2) => new(batchSize, workers, DropLast: false);

    public BatchLoaderOptions Validate()
    {
        if (BatchSize < 1) throw new ArgumentException($"BatchSize ({BatchSize}) must be at least 1");
        if (Workers < 0) throw new ArgumentException($"Workers ({Workers}) must not be negative");
        if (QueueCapacity < 1) throw new ArgumentException($"QueueCapacity ({QueueCapacity}) must be at least 1");
        return this;
    }
}
