namespace QcsCloud.Data.Sampling;

/// <summary>
/// Produces the tuples of one epoch: each tuple holds <see cref="Branches"/> indices into the training samples
/// (1: single image, 2: anchor + positive, 4: a, p, n, n2). Deterministic from (seed, epoch), so a resumed job
/// rebuilds the same epoch and skips to its position.
/// </summary>
public interface ISampler
{
    int Branches { get; }

    IReadOnlyList<int[]> Epoch(int epoch);
}
