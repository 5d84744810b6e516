using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using QcsCloud.BlobStorage;

namespace QcsCloud.Trainer.Storage;

/// <summary>
/// A blob folder: a container and a name prefix, e.g.
/// <c>http://127.0.0.1:10000/devstoreaccount1/staging/rafdb/&lt;hash&gt;/</c> (Azurite) or
/// <c>https://&lt;account&gt;.blob.core.windows.net/checkpoints/&lt;run&gt;/...</c>.
/// A blob upload commits all of its content at once, so readers never see a partial file.
/// </summary>
public sealed class BlobStorageFolder : IStorageFolder
{
    private readonly BlobContainerClient container;
    private readonly string prefix;

    public BlobStorageFolder(string location, BlobContainerClient container, string prefix)
    {
        Location = location;
        this.container = container;
        this.prefix = prefix.Length == 0 || prefix.EndsWith('/') ? prefix : prefix + "/";
    }

    public string Location { get; }
    public string? LocalPath => null;

    public async Task<bool> ExistsAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            return (await container.GetBlobClient(prefix + name).ExistsAsync(cancellationToken)).Value;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return false;
        }
    }

    public async Task<IReadOnlyList<string>> ListAsync(CancellationToken cancellationToken) =>
        (await ListFilesAsync(cancellationToken)).Select(f => f.Name).ToArray();

    public async Task<IReadOnlyList<StoredFile>> ListFilesAsync(CancellationToken cancellationToken)
    {
        var files = new List<StoredFile>();
        try
        {
            await foreach (var item in container.GetBlobsAsync(BlobTraits.None, BlobStates.None, prefix, cancellationToken))
                files.Add(new StoredFile(item.Name[prefix.Length..], item.Properties.ContentLength ?? -1, item.Properties.ETag?.ToString() ?? ""));
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            throw new StorageNotFoundException($"Blob container '{container.Uri}' does not exist (for '{Location}')", e);
        }
        files.Sort((a, b) => StringComparer.Ordinal.Compare(a.Name, b.Name));
        return files;
    }

    public async Task DownloadAsync(string name, string localPath, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(localPath))!);
        var temp = $"{localPath}.{Guid.NewGuid():N}.tmp";
        try
        {
            await container.GetBlobClient(prefix + name).DownloadToAsync(temp, cancellationToken);
            File.Move(temp, localPath, overwrite: true);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            throw new StorageNotFoundException($"Blob '{name}' does not exist in '{Location}' ({e.ErrorCode})", e);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    public async Task UploadAsync(string localPath, string name, CancellationToken cancellationToken)
    {
        try
        {
            await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
            await container.GetBlobClient(prefix + name).UploadAsync(localPath, overwrite: true, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            throw new StorageNotFoundException($"Cannot write '{name}' to '{Location}': {e.ErrorCode}", e);
        }
    }

    public async Task DeleteAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            await container.GetBlobClient(prefix + name).DeleteIfExistsAsync(cancellationToken: cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // container absent: nothing to delete
        }
    }

    public async Task<StoredText?> ReadTextAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            var content = (await container.GetBlobClient(prefix + name).DownloadContentAsync(cancellationToken)).Value;
            return new StoredText(content.Content.ToString(), content.Details.ETag.ToString());
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    public async Task<bool> TryWriteTextAsync(string name, string text, string? expectedVersion, CancellationToken cancellationToken)
    {
        await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        return await container.GetBlobClient(prefix + name).TryUploadAsync(BinaryData.FromString(text),
            expectedVersion is null ? null : new ETag(expectedVersion), cancellationToken) is not null;
    }

    public async Task<WriterLease> TryAcquireWriterLeaseAsync(WriterHolder holder, TextWriter log, CancellationToken cancellationToken) =>
        await BlobWriterLease.TryAcquireAsync(container, prefix + WriterLease.LockName, Location, holder, log, cancellationToken);
}
