namespace QcsCloud.Data.Packing;

/// <summary>One shard of a packed dataset: file name, size and SHA-256 (lower-case hex).</summary>
public sealed record ShardFile(string Name, long Bytes, string Sha256);
