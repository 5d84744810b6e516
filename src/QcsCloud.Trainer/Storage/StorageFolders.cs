using Azure.Identity;
using Azure.Storage.Blobs;

namespace QcsCloud.Trainer.Storage;

/// <summary>
/// Opens a folder from what the user typed: an <c>http(s)://</c> URI is a blob folder, anything else a local path.
/// Blob credentials: env <c>QCS_STORAGE_CONNECTION_STRING</c> when set (Azurite: <c>UseDevelopmentStorage=true</c>),
/// otherwise <see cref="DefaultAzureCredential"/> (managed identity in Azure).
/// </summary>
public sealed class StorageFolders(string? connectionString)
{
    public const string ConnectionStringVariable = "QCS_STORAGE_CONNECTION_STRING";

    public static StorageFolders FromEnvironment() =>
        new(Environment.GetEnvironmentVariable(ConnectionStringVariable) is { Length: > 0 } s ? s : null);

    public static bool IsUri(string location) =>
        location.StartsWith("http://", StringComparison.OrdinalIgnoreCase) ||
        location.StartsWith("https://", StringComparison.OrdinalIgnoreCase);

    public IStorageFolder Open(string location)
    {
        if (string.IsNullOrWhiteSpace(location)) throw new ArgumentException("Folder location is empty");
        if (!IsUri(location)) return new LocalStorageFolder(location);

        if (!Uri.TryCreate(location, UriKind.Absolute, out var uri))
            throw new ArgumentException($"'{location}' is not a valid URI");
        var parts = new BlobUriBuilder(uri);
        if (string.IsNullOrEmpty(parts.BlobContainerName))
            throw new ArgumentException($"Blob folder URI '{location}' names no container (expected .../<container>/<folder>/)");
        var containerUri = new BlobUriBuilder(uri) { BlobName = "", Query = "" }.ToUri();
        var container = connectionString is null
            ? new BlobContainerClient(containerUri, new DefaultAzureCredential())
            : new BlobServiceClient(connectionString).GetBlobContainerClient(parts.BlobContainerName);
        return new BlobStorageFolder(location, container, parts.BlobName ?? "");
    }
}
