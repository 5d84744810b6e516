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
}
