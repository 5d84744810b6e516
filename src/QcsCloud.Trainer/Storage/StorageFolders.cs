using Azure.Core;
using Azure.Identity;
using Azure.Storage.Blobs;
using QcsCloud.Core;

namespace QcsCloud.Trainer.Storage;

/// <summary>
/// Opens a folder from what the user typed: an <c>http(s)://</c> URI is a blob folder, anything else a local path.
/// Blob credentials: env <c>QCS_STORAGE_CONNECTION_STRING</c> when set (Azurite: <c>UseDevelopmentStorage=true</c>),
/// otherwise <see cref="DefaultAzureCredential"/> (managed identity in Azure).
/// A blob URI opens only on an allowed host (<see cref="JobEnvironment.AllowedBlobHosts"/>, the connection string's own
/// endpoint, and without a configured list the account of the command's <c>--output</c>): a plan naming another host
/// is refused here, before any token is requested, so the job's identity never signs a request to a foreign host.
/// <c>clientOptions</c> lets a test add a pipeline policy that records every blob request in order (write-order checks).
/// </summary>
public sealed class StorageFolders
{
    public const string ConnectionStringVariable = "QCS_STORAGE_CONNECTION_STRING";

    private readonly string? connectionString;
    private readonly HashSet<string> allowedHosts = new(StringComparer.OrdinalIgnoreCase);
    private readonly bool hostsConfigured;
    private readonly Lazy<TokenCredential> credential;
    private readonly BlobClientOptions? clientOptions;

    /// <param name="connectionString">A storage connection string (keys or Azurite), or null for <paramref name="credential"/>.</param>
    /// <param name="allowedHosts">Blob hosts this process may open (<c>host</c> or <c>host:port</c>); null: the output's account only.</param>
    /// <param name="credential">Asked for tokens of allowed hosts only; null: <see cref="DefaultAzureCredential"/>.</param>
    public StorageFolders(string? connectionString, IEnumerable<string>? allowedHosts = null, TokenCredential? credential = null,
        BlobClientOptions? clientOptions = null)
    {
        this.connectionString = connectionString;
        this.clientOptions = clientOptions;
        this.credential = new(() => credential ?? new DefaultAzureCredential());
        if (allowedHosts is not null)
        {
            hostsConfigured = true;
            foreach (var host in allowedHosts) this.allowedHosts.Add(host.Trim());
        }
        if (connectionString is not null) this.allowedHosts.Add(new BlobServiceClient(connectionString).Uri.Authority);
    }

    public static StorageFolders FromEnvironment() => new(
        Environment.GetEnvironmentVariable(ConnectionStringVariable) is { Length: > 0 } s ? s : null,
        Environment.GetEnvironmentVariable(JobEnvironment.AllowedBlobHosts) is { Length: > 0 } hosts
            ? hosts.Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : null);

    /// <summary>The blob hosts this process may open, sorted (for messages and tests).</summary>
    public IReadOnlyList<string> AllowedHosts => allowedHosts.Order(StringComparer.OrdinalIgnoreCase).ToList();

    /// <summary>Without a configured list, the account a command writes to is the one it may read from too; with one, nothing changes.</summary>
    public void AllowOutput(string location)
    {
        if (!hostsConfigured && JobEnvironment.BlobHost(location) is { } host) allowedHosts.Add(host);
    }

    public static bool IsUri(string location) =>
        location.StartsWith("http://", StringComparison.OrdinalIgnoreCase) ||
        location.StartsWith("https://", StringComparison.OrdinalIgnoreCase);

    public IStorageFolder Open(string location)
    {
        if (string.IsNullOrWhiteSpace(location)) throw new ArgumentException("Folder location is empty");
        if (!IsUri(location)) return new LocalStorageFolder(location);

        if (!Uri.TryCreate(location, UriKind.Absolute, out var uri))
            throw new ArgumentException($"'{location}' is not a valid URI");
        if (!allowedHosts.Contains(uri.Authority))
            throw new ArgumentException(
                $"Blob host '{uri.Authority}' ({uri.GetLeftPart(UriPartial.Path)}) is not allowed: this job may open blobs on " +
                (allowedHosts.Count == 0 ? "no host" : string.Join(", ", AllowedHosts)) +
                $" ({JobEnvironment.AllowedBlobHosts}; unset, the account of --output).");
        var parts = new BlobUriBuilder(uri);
        if (string.IsNullOrEmpty(parts.BlobContainerName))
            throw new ArgumentException($"Blob folder URI '{location}' names no container (expected .../<container>/<folder>/)");
        var containerUri = new BlobUriBuilder(uri) { BlobName = "", Query = "" }.ToUri();
        var container = connectionString is null
            ? new BlobContainerClient(containerUri, credential.Value, clientOptions)
            : new BlobServiceClient(connectionString, clientOptions).GetBlobContainerClient(parts.BlobContainerName);
        return new BlobStorageFolder(location, container, parts.BlobName ?? "");
    }
}
