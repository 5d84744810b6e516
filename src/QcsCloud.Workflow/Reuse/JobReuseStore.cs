using System.Security.Cryptography;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using QcsCloud.BlobStorage;
using QcsCloud.Core;
using QcsCloud.Workflow.Configuration;
using QcsCloud.Workflow.Storage;

namespace QcsCloud.Workflow.Reuse;

/// <summary>
/// Reuse of succeeded training jobs across runs, on blob storage: the content key of a job (<see cref="JobContentKey"/>, its
/// inputs read from storage: the staged dataset's content hash, the initial weights' hash), the index
/// <c>checkpoints/_reuse/&lt;key&gt;.json</c> (<see cref="ReuseIndexEntry"/>, written once when a job succeeds), and the
/// server-side copy of a succeeded source folder into a new job's folder, so that everything downstream (best seed,
/// fine-tune chain, report) reads the new job's own folder as if it had run. Used by activities only.
/// </summary>
public sealed class JobReuseStore(QcsStorage storage, IOptions<JobLauncherOptions> launcher, ILogger<JobReuseStore> logger)
{
    /// <summary>Index folder in the checkpoints container; '_' keeps it apart from run ids (letters, digits, '-').</summary>
    public const string IndexPrefix = "_reuse/";

    /// <summary>A job's content key and its inputs, written to its folder before it is launched (indexed on success).</summary>
    public const string KeyFile = "content-key.json";

    /// <summary>Marker in a reused job's folder: where its outputs were copied from.</summary>
    public const string ReusedFromFile = "reused-from.json";

    /// <summary>Files of a source folder that belong to its own run, not to its outputs: never copied.</summary>
    private static readonly HashSet<string> NotCopied = new(StringComparer.Ordinal)
    {
        RunLayout.OutcomeFile, "job.json", KeyFile, ReusedFromFile, ".qcs-writer",
    };

    private readonly string trainerVersion = launcher.Value.ResolvedTrainerVersion();

    /// <summary>The content key of a training job (reads the staging record and hashes the initial weights).</summary>
    public async Task<JobContentKey> KeyOfAsync(JobSpec spec, string? variant, CancellationToken cancellationToken)
    {
        var data = JobContentKey.Option(spec, "--data") ?? throw new ArgumentException($"{spec.Name}: no --data", nameof(spec));
        var weights = JobContentKey.Option(spec, "--finetune-from") ?? JobContentKey.Option(spec, "--init");
        return JobContentKey.For(spec, trainerVersion, await DatasetHashAsync(data, cancellationToken),
            weights is null ? null : await WeightsHashAsync(weights, cancellationToken), variant);
    }

    /// <summary>Writes <see cref="KeyFile"/> (key and inputs) into the job's folder.</summary>
    public Task WriteKeyAsync(string outputUri, JobContentKey key, CancellationToken cancellationToken) =>
        storage.WriteJsonAsync(outputUri, KeyFile, new ContentKeyRecord(key.Key, key), cancellationToken);

    /// <summary>The reuse marker of a job folder, or null when its outputs are its own.</summary>
    public Task<ReusedFrom?> ReusedFromAsync(string outputUri, CancellationToken cancellationToken) =>
        storage.ReadJsonAsync<ReusedFrom>(outputUri, ReusedFromFile, cancellationToken);

    /// <summary>The index entry of a key, or null.</summary>
    public async Task<ReuseIndexEntry?> FindAsync(string key, CancellationToken cancellationToken) =>
        await storage.ReadJsonAsync<ReuseIndexEntry>(IndexFolder, $"{key}.json", cancellationToken);

    /// <summary>
    /// The index entry of <paramref name="key"/> when its source folder still holds a success completion record of the
    /// same key (a deleted or overwritten source is not reusable: null, the job launches).
    /// </summary>
    public async Task<ReuseIndexEntry?> FindReusableAsync(string key, string ownOutputUri, CancellationToken cancellationToken)
    {
        var entry = await FindAsync(key, cancellationToken);
        if (entry is null || SameFolder(entry.OutputUri, ownOutputUri)) return null;
        var completion = await storage.ReadJsonAsync<JobCompletion>(entry.OutputUri, BlobLayout.CompletionFile, cancellationToken);
        var sourceKey = await storage.ReadJsonAsync<ContentKeyRecord>(entry.OutputUri, KeyFile, cancellationToken);
        if (completion?.Succeeded == true && sourceKey?.Key == key) return entry;
        logger.LogInformation("Reuse index {Key} points at {Source}, which no longer holds that succeeded job; launching instead", key, entry.OutputUri);
        return null;
    }

    /// <summary>
    /// Copies the source job's outputs (server-side) into <paramref name="spec"/>'s folder, then the reuse marker, the spec,
    /// and the completion record last (a copy cut short leaves no completion record, so the next attempt copies again).
    /// </summary>
    public async Task<ReusedFrom> CopyAsync(JobSpec spec, ReuseIndexEntry source, string specFile, CancellationToken cancellationToken)
    {
        var from = new BlobUriBuilder(new Uri(source.OutputUri));
        var container = storage.Service.GetBlobContainerClient(from.BlobContainerName);
        var prefix = from.BlobName.EndsWith('/') ? from.BlobName : from.BlobName + "/";
        BlobClient? completion = null;
        await foreach (var item in container.GetBlobsAsync(BlobTraits.None, BlobStates.None, prefix, cancellationToken))
        {
            var relative = item.Name[prefix.Length..];
            if (NotCopied.Contains(relative) || relative.StartsWith("start-intent.", StringComparison.Ordinal)) continue;
            if (relative == BlobLayout.CompletionFile)
            {
                completion = container.GetBlobClient(item.Name);
                continue;
            }
            await CopyBlobAsync(container.GetBlobClient(item.Name), storage.BlobIn(spec.OutputUri, relative), cancellationToken);
        }
        if (completion is null) throw new InvalidOperationException($"{source.OutputUri} lost its completion record while it was copied");
        var marker = new ReusedFrom(source.Key, source.OutputUri, source.JobName, source.RunId, source.GpuHours, DateTimeOffset.UtcNow);
        await storage.WriteJsonAsync(spec.OutputUri, ReusedFromFile, marker, cancellationToken);
        await storage.WriteJsonAsync(spec.OutputUri, specFile, spec, cancellationToken);
        await CopyBlobAsync(completion, storage.BlobIn(spec.OutputUri, BlobLayout.CompletionFile), cancellationToken);
        return marker;
    }

    /// <summary>
    /// Indexes a succeeded job under the key in its folder (none: nothing to do). Write-once (If-None-Match: *): the first
    /// succeeded job of a key stays the source; an entry whose source is gone is replaced (If-Match its ETag).
    /// </summary>
    public async Task<bool> IndexAsync(JobOutcome outcome, CancellationToken cancellationToken)
    {
        if (outcome.State != JobOutcomeState.Succeeded || outcome.Kind != JobKind.Train || outcome.ReusedFrom is not null) return false;
        var key = await storage.ReadJsonAsync<ContentKeyRecord>(outcome.OutputUri, KeyFile, cancellationToken);
        if (key is null) return false;
        var entry = new ReuseIndexEntry(key.Key, outcome.OutputUri, outcome.JobName, RunIdOf(outcome.OutputUri), outcome.GpuHours, DateTimeOffset.UtcNow);
        var blob = storage.BlobIn(IndexFolder, $"{key.Key}.json");
        await blob.GetParentBlobContainerClient().CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        var json = BinaryData.FromString(QcsJson.Serialize(entry));
        for (var attempt = 0; attempt < 3; attempt++)
        {
            if (await blob.TryUploadAsync(json, expected: null, cancellationToken) is not null) return true;
            Response<BlobDownloadResult> current;
            try { current = await blob.DownloadContentAsync(cancellationToken); }
            catch (RequestFailedException e) when (e.Status == 404) { continue; }
            var existing = QcsJson.Deserialize<ReuseIndexEntry>(current.Value.Content.ToString(), blob.Uri.AbsoluteUri);
            if (SameFolder(existing.OutputUri, outcome.OutputUri)) return false;
            if (await FindReusableAsync(key.Key, outcome.OutputUri, cancellationToken) is not null) return false;
            if (await blob.TryUploadAsync(json, current.Value.Details.ETag, cancellationToken) is not null) return true;
        }
        return false;
    }

    private string IndexFolder => storage.FolderUri(BlobLayout.CheckpointsContainer, IndexPrefix);

    /// <summary>The run of a folder <c>checkpoints/&lt;run&gt;/...</c>.</summary>
    private static string? RunIdOf(string outputUri)
    {
        var name = new BlobUriBuilder(new Uri(outputUri)).BlobName;
        var slash = name.IndexOf('/', StringComparison.Ordinal);
        return slash > 0 ? name[..slash] : null;
    }

    private static bool SameFolder(string a, string b) => string.Equals(a.TrimEnd('/'), b.TrimEnd('/'), StringComparison.Ordinal);

    /// <summary>
    /// The staged dataset's content hash: the pack job's recorded <c>contentHash</c> (its completion outputs, else
    /// <c>manifest.json</c>), else the staging folder's name (the hash of the source listing it was packed from).
    /// </summary>
    private async Task<string> DatasetHashAsync(string stagingUri, CancellationToken cancellationToken)
    {
        if (IsOwnBlob(stagingUri))
        {
            var completion = await storage.ReadJsonAsync<JobCompletion>(stagingUri, BlobLayout.CompletionFile, cancellationToken);
            if (completion?.Outputs?.GetValueOrDefault("contentHash") is { Length: > 0 } packed) return $"pack:{packed}";
            if ((await storage.ReadJsonAsync<ManifestHash>(stagingUri, BlobLayout.ManifestFile, cancellationToken))?.ContentHash is { Length: > 0 } hash)
                return $"pack:{hash}";
        }
        return $"staging:{stagingUri.TrimEnd('/').Split('/')[^1]}";
    }

    /// <summary>
    /// Hash of initial weights: a file in a job folder that has a content key is named by that key (a fine-tune from a
    /// previous phase's best checkpoint: the same source job gives the same hash, also through a reused copy); else the
    /// blob's Content-MD5, else a SHA-256 of its bytes; a local file's SHA-256; anything unreadable by its name.
    /// </summary>
    private async Task<string> WeightsHashAsync(string uri, CancellationToken cancellationToken)
    {
        if (IsOwnBlob(uri))
        {
            var slash = uri.LastIndexOf('/');
            var folder = uri[..(slash + 1)];
            var file = uri[(slash + 1)..];
            if (await storage.ReadJsonAsync<ContentKeyRecord>(folder, KeyFile, cancellationToken) is { } source) return $"job:{source.Key}/{file}";
            var blob = storage.BlobIn(folder, file);
            try
            {
                var properties = await blob.GetPropertiesAsync(cancellationToken: cancellationToken);
                if (properties.Value.ContentHash is { Length: > 0 } md5) return $"md5:{Convert.ToHexString(md5).ToLowerInvariant()}";
                await using var stream = await blob.OpenReadAsync(new BlobOpenReadOptions(allowModifications: false), cancellationToken);
                return $"sha256:{Convert.ToHexString(await SHA256.HashDataAsync(stream, cancellationToken)).ToLowerInvariant()}";
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
                return $"missing:{uri}";
            }
        }
        if (File.Exists(uri))
        {
            await using var stream = File.OpenRead(uri);
            return $"sha256:{Convert.ToHexString(await SHA256.HashDataAsync(stream, cancellationToken)).ToLowerInvariant()}";
        }
        return $"name:{uri}";
    }

    private bool IsOwnBlob(string uri) => uri.StartsWith(storage.ServiceUri + "/", StringComparison.Ordinal);

    private static async Task CopyBlobAsync(BlobClient source, BlobClient destination, CancellationToken cancellationToken)
    {
        try
        {
            // Same account: a server-side copy, nothing passes through this host.
            var copy = await destination.StartCopyFromUriAsync(source.Uri, cancellationToken: cancellationToken);
            await copy.WaitForCompletionAsync(cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status is 401 or 403)
        {
            // An identity that may not authorise the source of a copy: stream it through.
            await using var stream = await source.OpenReadAsync(new BlobOpenReadOptions(allowModifications: false), cancellationToken);
            await destination.UploadAsync(stream, overwrite: true, cancellationToken);
        }
    }

    /// <summary>The one field of a pack manifest the key needs.</summary>
    private sealed record ManifestHash(string? ContentHash);
}
