using Azure;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Microsoft.DurableTask;
using QcsCloud.BlobStorage;
using QcsCloud.Core;
using QcsCloud.Workflow.Models;
using QcsCloud.Workflow.Storage;

namespace QcsCloud.Workflow.Activities;

/// <summary>
/// Shared staging across runs: one staging job per dataset content hash. The first run to create
/// <c>staging/&lt;name&gt;/&lt;hash&gt;/claim.json</c> (an If-None-Match: * upload, so exactly one wins) owns the staging and runs
/// its orchestration (instance id <c>stage:&lt;name&gt;:&lt;hash&gt;:&lt;generation&gt;</c>); other runs wait for its outcome. A
/// failed staging marks the claim failed, and the next run to ask takes it over (an If-Match update).
/// </summary>
public sealed class ClaimStagingActivity(QcsStorage storage) : TaskActivity<StagingClaimRequest, StagingClaim>
{
    public override async Task<StagingClaim> RunAsync(TaskActivityContext context, StagingClaimRequest request)
    {
        var blob = storage.BlobIn(request.StagingUri, RunLayout.StagingClaimFile);
        await blob.GetParentBlobContainerClient().CreateIfNotExistsAsync();
        for (var attempt = 0; attempt < 5; attempt++)
        {
            if (await blob.TryUploadAsync(Json(new StagingClaimRecord(request.RunId, 1, DateTimeOffset.UtcNow)), expected: null, CancellationToken.None) is not null)
                return new(true, 1, request.RunId);
            // Claimed already: read who holds it.
            Response<BlobDownloadResult> current;
            try { current = await blob.DownloadContentAsync(); }
            catch (RequestFailedException e) when (e.Status == 404) { continue; }
            var record = QcsJson.Deserialize<StagingClaimRecord>(current.Value.Content.ToString(), blob.Uri.AbsoluteUri);
            // A retried activity of the owner finds its own claim.
            if (!record.Failed) return new(record.RunId == request.RunId, record.Generation, record.RunId);
            var next = record.Generation + 1;
            if (await blob.TryUploadAsync(Json(new StagingClaimRecord(request.RunId, next, DateTimeOffset.UtcNow)), current.Value.Details.ETag, CancellationToken.None) is not null)
                return new(true, next, request.RunId);
            // Another run took the failed claim over first: read again.
        }
        throw new InvalidOperationException($"{blob.Uri.AbsoluteUri}: the staging claim kept changing; try again.");
    }

    private static BinaryData Json(StagingClaimRecord record) => BinaryData.FromString(QcsJson.Serialize(record));
}

/// <summary>Marks the owner's claim failed (its staging did not succeed) so the next run may stage this content again.</summary>
public sealed class ReleaseStagingClaimActivity(QcsStorage storage) : TaskActivity<StagingClaimRequest, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, StagingClaimRequest request)
    {
        var blob = storage.BlobIn(request.StagingUri, RunLayout.StagingClaimFile);
        var current = await blob.DownloadContentAsync();
        var record = QcsJson.Deserialize<StagingClaimRecord>(current.Value.Content.ToString(), blob.Uri.AbsoluteUri);
        if (record.RunId != request.RunId || record.Generation != request.Generation || record.Failed) return false;
        await blob.UploadAsync(BinaryData.FromString(QcsJson.Serialize(record with { Failed = true })),
            new BlobUploadOptions { Conditions = new() { IfMatch = current.Value.Details.ETag } });
        return true;
    }
}

/// <summary>
/// The shared staging as a waiting run sees it: done when <c>completion.json</c> says it succeeded, or when the claim is
/// marked failed (the owner's outcome then says why).
/// </summary>
public sealed class ReadStagingActivity(QcsStorage storage) : TaskActivity<StagingClaimRequest, StagingState>
{
    public override async Task<StagingState> RunAsync(TaskActivityContext context, StagingClaimRequest request)
    {
        var completion = await storage.ReadJsonAsync<JobCompletion>(request.StagingUri, BlobLayout.CompletionFile, CancellationToken.None);
        var outcome = await storage.ReadJsonAsync<JobOutcome>(request.StagingUri, RunLayout.OutcomeFile, CancellationToken.None);
        if (completion?.Succeeded == true) return new(true, true, outcome);
        var claim = await storage.ReadJsonAsync<StagingClaimRecord>(request.StagingUri, RunLayout.StagingClaimFile, CancellationToken.None);
        return claim is null || claim.Failed || claim.Generation != request.Generation ? new(true, false, outcome) : new(false, false, null);
    }
}
