using Microsoft.DurableTask;
using QcsCloud.Core;
using QcsCloud.Workflow.Models;
using QcsCloud.Workflow.Storage;

namespace QcsCloud.Workflow.Activities;

/// <summary>Writes a job's <see cref="JobOutcome"/> to <c>outcome.json</c> in its folder (what the report reads back).</summary>
public sealed class RecordOutcomeActivity(QcsStorage storage) : TaskActivity<OutcomeRecord, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, OutcomeRecord input)
    {
        await storage.WriteJsonAsync(input.FolderUri, RunLayout.OutcomeFile, input.Outcome, CancellationToken.None);
        return true;
    }
}
