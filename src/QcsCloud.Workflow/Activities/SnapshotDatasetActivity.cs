using System.Security.Cryptography;
using System.Text;
using Microsoft.DurableTask;
using QcsCloud.Core;
using QcsCloud.Workflow.Models;
using QcsCloud.Workflow.Storage;

namespace QcsCloud.Workflow.Activities;

/// <summary>
/// Content hash of <c>datasets/&lt;name&gt;/</c> from the blob listing alone (relative names, sizes, content MD5s; never
/// downloads or decodes an image), and whether <c>staging/&lt;name&gt;/&lt;hash&gt;/completion.json</c> already says it is
/// packed: the same content is never staged twice. No blobs: an error naming the folder, not an exception.
/// </summary>
public sealed class SnapshotDatasetActivity(QcsStorage storage) : TaskActivity<SnapshotRequest, DatasetSnapshot>
{
    public override Task<DatasetSnapshot> RunAsync(TaskActivityContext context, SnapshotRequest input) =>
        SnapshotAsync(storage, input.Dataset, CancellationToken.None);

    /// <summary>The snapshot of <c>datasets/&lt;dataset&gt;/</c> (also what the preview keys jobs with).</summary>
    public static async Task<DatasetSnapshot> SnapshotAsync(QcsStorage storage, string dataset, CancellationToken cancellationToken)
    {
        var input = new SnapshotRequest(dataset);
        var prefix = BlobLayout.DatasetPrefix(input.Dataset);
        var blobs = await storage.ListAsync(BlobLayout.DatasetsContainer, prefix, cancellationToken);
        if (blobs.Count == 0)
            return new(input.Dataset, null, 0, 0, null, null, false,
                $"{storage.ContainerPrefix}{BlobLayout.DatasetsContainer}/{prefix} holds no blobs: upload the '{input.Dataset}' dataset there in its official layout.");

        var listing = new StringBuilder();
        long total = 0;
        foreach (var blob in blobs.OrderBy(b => b.Name, StringComparer.Ordinal))
        {
            var size = blob.Properties.ContentLength ?? 0;
            total += size;
            var md5 = blob.Properties.ContentHash is { Length: > 0 } h
                ? Convert.ToHexString(h)
                : $"etag:{blob.Properties.ETag}"; // multi-block uploads carry no MD5; the ETag still changes with the content
            listing.Append(blob.Name[prefix.Length..]).Append('\t').Append(size).Append('\t').Append(md5).Append('\n');
        }
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(listing.ToString())))[..32].ToLowerInvariant();

        var stagingUri = storage.FolderUri(BlobLayout.StagingContainer, BlobLayout.StagingPrefix(input.Dataset, hash));
        var completion = await storage.ReadJsonAsync<JobCompletion>(stagingUri, BlobLayout.CompletionFile, cancellationToken);
        return new(input.Dataset, hash, blobs.Count, total,
            storage.FolderUri(BlobLayout.DatasetsContainer, prefix), stagingUri, completion?.Succeeded == true, null);
    }
}
