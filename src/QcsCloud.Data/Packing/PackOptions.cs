namespace QcsCloud.Data.Packing;

/// <summary>Shard sizing: a new shard starts once the current one reaches <see cref="ShardBytes"/>.</summary>
public sealed record PackOptions(long ShardBytes = 256L << 20, int ReadAhead = 256)
{
    public PackOptions Validate()
    {
        if (ShardBytes < 1 << 10) throw new ArgumentException($"ShardBytes ({ShardBytes}) must be at least 1024");
        if (ReadAhead < 1) throw new ArgumentException($"ReadAhead ({ReadAhead}) must be at least 1");
        return this;
    }
}
