namespace QcsCloud.Trainer.Storage;

/// <summary>One file of a folder: its relative name, size in bytes and a version that changes whenever its content is
/// replaced (a blob's ETag; a local file's last write time).</summary>
public sealed record StoredFile(string Name, long Size, string Version);
