using QcsCloud.Data.Datasets;

namespace QcsCloud.Data.Packing;

/// <summary>
/// <c>manifest.json</c> of a packed dataset. <see cref="ContentHash"/> (32 hex digits) is a hash of the class names
/// and every sample's id, split, label, crop and payload hash: the same content always gives the same hash, whatever
/// the shard size, so it names the staging folder (<c>staging/&lt;dataset&gt;/&lt;hash&gt;/</c>). The per-sample
/// index (offsets, lengths, payload hashes, each image's decoded width and height) is in <see cref="IndexFile"/>.
/// Every image was decoded completely when packed; <see cref="Skipped"/> lists what was left out and why, and
/// <see cref="MinSide"/> is the minimum side the images were held to (0 in manifests from before that check).
/// </summary>
public sealed record PackManifest(
    int FormatVersion,
    string Kind,
    IReadOnlyList<string> ClassNames,
    string ContentHash,
    int SampleCount,
    long PayloadBytes,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> Counts,
    IReadOnlyList<ShardFile> Shards,
    string IndexFile,
    string IndexSha256,
    IReadOnlyDictionary<string, int> DroppedByRule,
    IReadOnlyList<BadEntry> Skipped,
    int MinSide = 0)
{
    public const int CurrentFormatVersion = 1;
}
