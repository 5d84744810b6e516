using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Sas;

namespace QcsCloud.Workflow.Api;

/// <summary>
/// The link <c>GET /api/runs/{id}/report</c> redirects to in Azure: a user delegation SAS for one report blob, read
/// only, HTTPS only (a link sent over plain HTTP could be read on the way), valid <see cref="Lifetime"/>.
/// </summary>
public static class ReportLink
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(15);

    public static Uri Create(BlobClient blob, UserDelegationKey key, string accountName, DateTimeOffset now)
    {
        var sas = new BlobSasBuilder(BlobSasPermissions.Read, now + Lifetime)
        {
            BlobContainerName = blob.BlobContainerName,
            BlobName = blob.Name,
            Resource = "b",
            Protocol = SasProtocol.Https,
        };
        return new BlobUriBuilder(blob.Uri) { Sas = sas.ToSasQueryParameters(key, accountName) }.ToUri();
    }
}
