using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace QcsCloud.BlobStorage;

/// <summary>
/// Optimistic blob writes, the one place of the pattern: create a blob only if none exists (If-None-Match: *), or
/// replace it only while it is still the version read (If-Match). Losing the race is an answer, not an error: the
/// caller reads again and decides (start intents, staging claims, completion records, writer lease blobs).
/// </summary>
public static class ConditionalWrite
{
    /// <summary>Uploads <paramref name="content"/> if the blob is absent (<paramref name="expected"/> null) or still at <paramref name="expected"/>.</summary>
    /// <returns>The new ETag, or null when another writer created or changed the blob first (409 or 412).</returns>
    public static async Task<ETag?> TryUploadAsync(this BlobClient blob, BinaryData content, ETag? expected, CancellationToken cancellationToken)
    {
        var conditions = expected is { } match ? new BlobRequestConditions { IfMatch = match } : new BlobRequestConditions { IfNoneMatch = ETag.All };
        try
        {
            return (await blob.UploadAsync(content, new BlobUploadOptions { Conditions = conditions }, cancellationToken)).Value.ETag;
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            return null;
        }
    }
}
