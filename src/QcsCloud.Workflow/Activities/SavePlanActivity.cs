using Microsoft.DurableTask;
using QcsCloud.Core;
using QcsCloud.Workflow.Models;
using QcsCloud.Workflow.Storage;

namespace QcsCloud.Workflow.Activities;

/// <summary>Writes the run's normalised plan to <c>checkpoints/&lt;run&gt;/plan.json</c>, so storage alone explains a run.</summary>
public sealed class SavePlanActivity(QcsStorage storage) : TaskActivity<RunInput, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, RunInput input)
    {
        var folder = storage.FolderUri(BlobLayout.CheckpointsContainer, RunLayout.RunPrefix(input.RunId));
        await storage.WriteJsonAsync(folder, RunLayout.PlanFile, input.Plan, CancellationToken.None);
        return true;
    }
}
