namespace QcsCloud.Trainer.Storage;

/// <summary>A folder, blob or container that an input names does not exist (a bad input: exit code 2).</summary>
public sealed class StorageNotFoundException(string message, Exception? inner = null) : Exception(message, inner);
