using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using QcsCloud.Core;
using QcsCloud.Workflow.Models;
using QcsCloud.Workflow.Reuse;
using QcsCloud.Workflow.Storage;

namespace QcsCloud.Workflow.Activities;

/// <summary>
/// Writes a job's <see cref="JobOutcome"/> to <c>outcome.json</c> in its folder (what the report reads back); a training job
/// that succeeded (and ran: not itself reused) is indexed under its content key for reuse by later runs
/// (<see cref="JobReuseStore.IndexAsync"/>, write-once, so a retried activity changes nothing).
/// </summary>
public sealed class RecordOutcomeActivity(QcsStorage storage, JobReuseStore reuse, ILogger<RecordOutcomeActivity> logger) : TaskActivity<OutcomeRecord, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, OutcomeRecord input)
    {
        await storage.WriteJsonAsync(input.FolderUri, RunLayout.OutcomeFile, input.Outcome, CancellationToken.None);
        try
        {
            if (await reuse.IndexAsync(input.Outcome, CancellationToken.None))
                logger.LogInformation("Job {JobName} indexed for reuse", input.Outcome.JobName);
        }
        catch (Exception e) when (e is Azure.RequestFailedException or InvalidDataException)
        {
            // Without an index entry a later run launches the job again: a cost, never a wrong result.
            logger.LogWarning("Job {JobName}: indexing for reuse failed: {Error}", input.Outcome.JobName, e.Message);
        }
        return true;
    }
}
