namespace QcsCloud.Trainer.Storage;

/// <summary>
/// A folder of files that is either a local directory or a blob "folder" (container + prefix). Names are
/// relative, '/'-separated. The trainer works on local files and uses this only to fetch inputs and publish outputs.
/// </summary>
public interface IStorageFolder
{
    /// <summary>What the user passed (a path or a URI), for messages.</summary>
    string Location { get; }

    /// <summary>The local directory when this is one, else null (then files must be downloaded).</summary>
    string? LocalPath { get; }

    Task<bool> ExistsAsync(string name, CancellationToken cancellationToken);

    /// <summary>Every file below the folder, relative names, sorted ordinally.</summary>
    Task<IReadOnlyList<string>> ListAsync(CancellationToken cancellationToken);

    /// <summary>Every file below the folder with its size and version, sorted ordinally by name.</summary>
    Task<IReadOnlyList<StoredFile>> ListFilesAsync(CancellationToken cancellationToken);

    /// <summary>Downloads one file; a missing one throws <see cref="StorageNotFoundException"/> naming it.</summary>
    Task DownloadAsync(string name, string localPath, CancellationToken cancellationToken);

    /// <summary>Publishes a local file under <paramref name="name"/>; readers see the old or the new file, never a partial one.</summary>
    Task UploadAsync(string localPath, string name, CancellationToken cancellationToken);

    /// <summary>Deletes a file if it exists.</summary>
    Task DeleteAsync(string name, CancellationToken cancellationToken);

    /// <summary>A small text file with its version (ETag), or null when it does not exist.</summary>
    Task<StoredText?> ReadTextAsync(string name, CancellationToken cancellationToken);

    /// <summary>
    /// Writes a small text file only if it is still at <paramref name="expectedVersion"/> (null: only if it does not exist);
    /// false when someone changed it meanwhile (an ETag condition on blob storage).
    /// </summary>
    Task<bool> TryWriteTextAsync(string name, string text, string? expectedVersion, CancellationToken cancellationToken);

    /// <summary>Takes the folder's <see cref="WriterLease"/> or throws <see cref="OutputBusyException"/> naming the holder.</summary>
    Task<WriterLease> TryAcquireWriterLeaseAsync(WriterHolder holder, TextWriter log, CancellationToken cancellationToken);
}
