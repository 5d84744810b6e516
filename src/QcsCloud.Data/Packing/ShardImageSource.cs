using QcsCloud.Data.Datasets;
using QcsCloud.Data.Images;

namespace QcsCloud.Data.Packing;

/// <summary>A byte range of a shard file; positional reads, safe from many threads.</summary>
public sealed class ShardImageSource(string shardPath, long offset, int length, PayloadFormat format, int width, int height, string id)
    : ImageSource
{
    public override string Describe => $"{shardPath} @{offset} ({id})";

    public override ImagePayload ReadPayload()
    {
        var data = new byte[length];
        using var handle = File.OpenHandle(shardPath, FileMode.Open, FileAccess.Read, FileShare.Read);
        var read = 0;
        while (read < length)
        {
            var n = RandomAccess.Read(handle, data.AsSpan(read), offset + read);
            if (n == 0) throw new InvalidDataException($"{Describe}: shard ends after {read} of {length} bytes");
            read += n;
        }
        return new ImagePayload(format, data, width, height);
    }
}
