using System.Globalization;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using QcsCloud.BlobStorage;

namespace QcsCloud.Trainer.Storage;

/// <summary>
/// A blob folder's writer lease: a lease on the empty blob <c>&lt;folder&gt;/.qcs-writer</c> whose metadata names the
/// holder, renewed every third of <see cref="WriterLease.Duration"/> while the process runs and released at exit (the
/// blob is deleted under the lease, so a folder written to the end holds no lock blob).
/// A killed writer's lease expires after <see cref="WriterLease.Duration"/>; then the next writer takes it over.
/// </summary>
public sealed class BlobWriterLease : WriterLease
{
    private const int MaxAcquireRounds = 5;

    private readonly BlobClient blob;
    private readonly BlobLeaseClient lease;
    private readonly string location;
    private readonly TextWriter log;
    private readonly CancellationTokenSource stop = new();
    private readonly Task renewing;

    private BlobWriterLease(BlobClient blob, BlobLeaseClient lease, string location, TextWriter log)
    {
        this.blob = blob;
        this.lease = lease;
        this.location = location;
        this.log = log;
        renewing = RenewAsync();
    }

    public static async Task<BlobWriterLease> TryAcquireAsync(BlobContainerClient container, string blobName, string location, WriterHolder holder,
        TextWriter log, CancellationToken cancellationToken)
    {
        await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        var blob = container.GetBlobClient(blobName);
        var leaseClient = blob.GetBlobLeaseClient();
        // A holder deletes the blob when it releases: between our create and acquire it may vanish, so start again, a
        // bounded number of times (each round means another writer came and went, which cannot go on forever).
        for (var attempt = 1; ; attempt++)
        {
            // Created if absent; if it exists (perhaps leased by another writer), the lease below decides.
            await blob.TryUploadAsync(BinaryData.Empty, expected: null, cancellationToken);
            try
            {
                await leaseClient.AcquireAsync(Duration, cancellationToken: cancellationToken);
                break;
            }
            catch (RequestFailedException e) when (e.Status == 409)
            {
                throw new OutputBusyException(location, await ReadHolderAsync(blob, cancellationToken));
            }
            catch (RequestFailedException e) when (e.Status == 404 && attempt < MaxAcquireRounds)
            {
                // The holder deleted it at release between our two calls.
            }
        }
        await blob.SetMetadataAsync(new Dictionary<string, string>
        {
            ["job"] = holder.Job, ["host"] = holder.Host,
            ["pid"] = holder.Pid.ToString(CultureInfo.InvariantCulture),
            ["since"] = holder.Since.ToString("O", CultureInfo.InvariantCulture),
        }, new BlobRequestConditions { LeaseId = leaseClient.LeaseId }, cancellationToken);
        return new BlobWriterLease(blob, leaseClient, location, log);
    }

    private static async Task<string> ReadHolderAsync(BlobClient blob, CancellationToken cancellationToken)
    {
        IDictionary<string, string> metadata;
        try
        {
            metadata = (await blob.GetPropertiesAsync(cancellationToken: cancellationToken)).Value.Metadata;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return "a writer that has just ended";
        }
        string? Get(string key) => metadata.TryGetValue(key, out var value) ? value : null;
        if (!metadata.TryGetValue("job", out var job)) return "a writer that has not said who it is yet";
        var pid = int.TryParse(Get("pid"), CultureInfo.InvariantCulture, out var p) ? p : 0;
        var since = DateTimeOffset.TryParse(Get("since"), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var s) ? s : default;
        return new WriterHolder(job, Get("host") ?? "?", pid, since).ToString();
    }

    private async Task RenewAsync()
    {
        using var timer = new PeriodicTimer(Duration / 3);
        try
        {
            while (await timer.WaitForNextTickAsync(stop.Token))
            {
                try
                {
                    await lease.RenewAsync(cancellationToken: stop.Token);
                }
                catch (RequestFailedException e)
                {
                    // Transient failures are retried on the next tick; a lost lease means another writer may have taken over.
                    await log.WriteLineAsync($"warning: could not renew the writer lease of '{location}' ({e.Status} {e.ErrorCode}); " +
                        $"another writer can take the folder {Duration.TotalSeconds:0} s after the last renewal");
                }
            }
        }
        catch (OperationCanceledException)
        {
            // released
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        await renewing;
        stop.Dispose();
        try
        {
            // Deleting with the lease id ends the lease and leaves no lock blob behind; a taken-over lease refuses it.
            await blob.DeleteAsync(conditions: new BlobRequestConditions { LeaseId = lease.LeaseId });
        }
        catch (RequestFailedException e)
        {
            await log.WriteLineAsync($"warning: could not release the writer lease of '{location}' ({e.Status} {e.ErrorCode}); it expires in {Duration.TotalSeconds:0} s");
        }
    }
}
