using QcsCloud.Core;

namespace QcsCloud.Trainer.Storage;

/// <summary>
/// Where a job writes: a local folder directly, or a local staging folder whose files are uploaded to the blob
/// folder on <see cref="PublishAsync"/>. <see cref="CompleteAsync"/> writes <c>completion.json</c> last.
/// Opening takes the folder's <see cref="WriterLease"/> before anything is read or written; disposing releases it.
/// </summary>
public sealed class OutputFolder : IAsyncDisposable
{
    private readonly IStorageFolder target;
    private readonly WriterLease lease;

    private OutputFolder(IStorageFolder target, string localPath, WriterLease lease)
    {
        this.target = target;
        LocalPath = localPath;
        this.lease = lease;
    }

    public string Location => target.Location;

    /// <summary>The local folder the job writes into.</summary>
    public string LocalPath { get; }

    public bool IsRemote => target.LocalPath is null;

    /// <summary>
    /// Takes the output's writer lease (waiting up to <paramref name="wait"/> for another writer, then
    /// <see cref="OutputBusyException"/>) and opens it; for a blob folder, downloads what a resumed job needs
    /// (<paramref name="resumeFiles"/>) if present.
    /// </summary>
    public static async Task<OutputFolder> OpenAsync(StorageFolders storage, string location, string workRoot, IReadOnlyList<string> resumeFiles,
        WriterHolder holder, TimeSpan wait, TextWriter log, CancellationToken cancellationToken)
    {
        var folder = storage.Open(location);
        var lease = await WriterLease.AcquireAsync(folder, holder, wait, log, cancellationToken);
        try
        {
            if (folder.LocalPath is { } local) return new OutputFolder(folder, local, lease);
            var staging = Path.Combine(workRoot, "output",
                Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(location)))[..16].ToLowerInvariant());
            Directory.CreateDirectory(staging);
            foreach (var name in resumeFiles)
                if (await folder.ExistsAsync(name, cancellationToken))
                    await folder.DownloadAsync(name, Path.Combine(staging, name), cancellationToken);
            return new OutputFolder(folder, staging, lease);
        }
        catch
        {
            await lease.DisposeAsync();
            throw;
        }
    }

    /// <summary>Releases the writer lease: the last thing a job does with its output.</summary>
    public ValueTask DisposeAsync() => lease.DisposeAsync();

    /// <summary>Uploads the named local files that exist (no-op for a local output).</summary>
    public async Task PublishAsync(IEnumerable<string> names, CancellationToken cancellationToken)
    {
        if (!IsRemote) return;
        foreach (var name in names)
        {
            var path = Path.Combine(LocalPath, name);
            if (File.Exists(path)) await target.UploadAsync(path, name, cancellationToken);
        }
    }

    /// <summary>Publishes every file of the local folder (recursively), in ordinal order.</summary>
    public async Task PublishAllAsync(CancellationToken cancellationToken)
    {
        if (!IsRemote) return;
        var names = Directory.EnumerateFiles(LocalPath, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(LocalPath, f).Replace(Path.DirectorySeparatorChar, '/'))
            .Where(n => n != BlobLayout.CompletionFile)
            .Order(StringComparer.Ordinal);
        await PublishAsync(names, cancellationToken);
    }

    /// <summary>Removes a completion record of an earlier attempt, so nobody reads it while this attempt runs.</summary>
    public async Task ClearCompletionAsync(CancellationToken cancellationToken)
    {
        File.Delete(Path.Combine(LocalPath, BlobLayout.CompletionFile));
        if (IsRemote) await target.DeleteAsync(BlobLayout.CompletionFile, cancellationToken);
    }

    /// <summary>The folder's completion record, null when there is none (or it is unreadable).</summary>
    public Task<JobCompletion?> ReadCompletionAsync(CancellationToken cancellationToken) => CompletionRecords.ReadAsync(target, cancellationToken);

    /// <summary>Writes a failure record unless a success record is there; false when the folder's record was kept.</summary>
    public Task<bool> RecordFailureAsync(JobCompletion failure, CancellationToken cancellationToken) =>
        CompletionRecords.TryRecordFailureAsync(target, failure, cancellationToken);

    /// <summary>Writes <c>completion.json</c> locally and to the target: the last file a job writes.</summary>
    public async Task CompleteAsync(JobCompletion completion, CancellationToken cancellationToken)
    {
        var path = Path.Combine(LocalPath, BlobLayout.CompletionFile);
        var temp = path + ".tmp";
        await File.WriteAllTextAsync(temp, QcsJson.Serialize(completion), cancellationToken);
        File.Move(temp, path, overwrite: true);
        await PublishAsync([BlobLayout.CompletionFile], cancellationToken);
    }
}
