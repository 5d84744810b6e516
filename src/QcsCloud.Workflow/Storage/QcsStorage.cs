using System.Text;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using QcsCloud.Core;

namespace QcsCloud.Workflow.Storage;

/// <summary>
/// The workflow's blob access: folder URIs as jobs see them, small JSON records, listings. Reads and writes go through
/// the one <see cref="BlobServiceClient"/> (connection string locally, managed identity in Azure).
/// </summary>
public sealed class QcsStorage(BlobServiceClient service, string containerPrefix = "")
{
    /// <summary>
    /// What the workflow does in the data account with the Function App's identity (see the README's "who can do
    /// what"); the deployment tests check each is granted on exactly that container, and nothing else.
    /// </summary>
    public static IReadOnlyList<AccessRequirement> RequiredAccess { get; } =
    [
        .. StorageOperations.Read(BlobLayout.DatasetsContainer, "SnapshotDatasetActivity and POST /api/runs list a dataset"),
        .. StorageOperations.Read(BlobLayout.StagingContainer, "SnapshotDatasetActivity reads a staging completion record"),
        new(AccessTarget.DataContainer, BlobLayout.CheckpointsContainer, StorageOperations.BlobRead, "PollJob/SelectBestSeed/PublishReport read completion, metrics and outcomes"),
        new(AccessTarget.DataContainer, BlobLayout.CheckpointsContainer, StorageOperations.BlobWrite, "SavePlan and RecordOutcome write the plan and job outcomes"),
        new(AccessTarget.DataContainer, BlobLayout.ReportsContainer, StorageOperations.BlobRead, "GET /api/runs/{id}/report reads a report"),
        new(AccessTarget.DataContainer, BlobLayout.ReportsContainer, StorageOperations.BlobWrite, "PublishReportActivity writes the report"),
        new(AccessTarget.DataAccount, "", StorageOperations.UserDelegationKey, "GET /api/runs/{id}/report signs a read-only user delegation SAS"),
    ];

    public BlobServiceClient Service { get; } = service;

    /// <summary>Prefix of every container name (tests isolate themselves with it; empty in production).</summary>
    public string ContainerPrefix { get; } = containerPrefix;

    /// <summary>A container of the layout (<c>BlobLayout.*Container</c>), with the prefix applied.</summary>
    public BlobContainerClient Container(string name) => Service.GetBlobContainerClient(ContainerPrefix + name);

    /// <summary>Blob service URI without a trailing slash, e.g. <c>http://127.0.0.1:10000/devstoreaccount1</c>.</summary>
    public string ServiceUri => Service.Uri.AbsoluteUri.TrimEnd('/');

    /// <summary>Folder URI as jobs get it: <c>{service}/{container}/{prefix}</c> (prefix ends with '/').</summary>
    public static string FolderUri(string serviceUri, string container, string prefix) =>
        $"{serviceUri.TrimEnd('/')}/{container}/{prefix}";

    public string FolderUri(string container, string prefix) => FolderUri(ServiceUri, ContainerPrefix + container, prefix);

    /// <summary>The blob <paramref name="file"/> inside a folder URI made by <see cref="FolderUri(string,string)"/>.</summary>
    public BlobClient BlobIn(string folderUri, string file)
    {
        var parts = new BlobUriBuilder(new Uri(folderUri.TrimEnd('/') + "/" + file));
        if (string.IsNullOrEmpty(parts.BlobContainerName) || string.IsNullOrEmpty(parts.BlobName))
            throw new ArgumentException($"'{folderUri}' is not a blob folder URI of this storage account.", nameof(folderUri));
        return Service.GetBlobContainerClient(parts.BlobContainerName).GetBlobClient(parts.BlobName);
    }

    /// <summary>Reads a JSON record, or null when the blob does not exist. Bad JSON throws naming the blob.</summary>
    public async Task<T?> ReadJsonAsync<T>(string folderUri, string file, CancellationToken cancellationToken) where T : class
    {
        var blob = BlobIn(folderUri, file);
        try
        {
            var content = await blob.DownloadContentAsync(cancellationToken);
            return QcsJson.Deserialize<T>(content.Value.Content.ToString(), blob.Uri.AbsoluteUri);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new InvalidDataException($"{blob.Uri.AbsoluteUri}: not valid JSON ({e.Message})", e);
        }
    }

    public async Task WriteJsonAsync<T>(string folderUri, string file, T value, CancellationToken cancellationToken)
    {
        var blob = BlobIn(folderUri, file);
        await blob.GetParentBlobContainerClient().CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        await blob.UploadAsync(BinaryData.FromString(QcsJson.Serialize(value)), overwrite: true, cancellationToken);
    }

    public async Task WriteTextAsync(string container, string name, string text, string contentType, CancellationToken cancellationToken)
    {
        var client = Container(container);
        await client.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        await client.GetBlobClient(name).UploadAsync(
            new BinaryData(Encoding.UTF8.GetBytes(text)),
            new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = contentType } },
            cancellationToken);
    }

    public async Task UploadFileAsync(string container, string name, string path, string contentType, CancellationToken cancellationToken)
    {
        var client = Container(container);
        await client.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        await client.GetBlobClient(name).UploadAsync(path,
            new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = contentType } }, cancellationToken);
    }

    /// <summary>Blobs under a prefix; an absent container lists nothing.</summary>
    public async Task<IReadOnlyList<BlobItem>> ListAsync(string container, string prefix, CancellationToken cancellationToken)
    {
        var client = Container(container);
        var items = new List<BlobItem>();
        try
        {
            await foreach (var item in client.GetBlobsAsync(BlobTraits.None, BlobStates.None, prefix, cancellationToken))
                items.Add(item);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // ContainerNotFound: nothing uploaded yet.
        }
        return items;
    }

    /// <summary>True when at least one blob exists under the prefix.</summary>
    public async Task<bool> AnyAsync(string container, string prefix, CancellationToken cancellationToken)
    {
        var client = Container(container);
        try
        {
            await foreach (var page in client.GetBlobsAsync(BlobTraits.None, BlobStates.None, prefix, cancellationToken).AsPages(pageSizeHint: 1))
                return page.Values.Count > 0;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
        }
        return false;
    }
}
