using Microsoft.DurableTask;
using QcsCloud.Core;
using QcsCloud.Workflow.Models;
using QcsCloud.Workflow.Storage;

namespace QcsCloud.Workflow.Activities;

/// <summary>
/// Picks the pretrain seed to fine-tune from: among seeds whose completion record succeeded, the highest test accuracy
/// of the validation-selected epoch (else the reference protocol's, else the last epoch's); ties go to the lower seed.
/// Returns null when no seed produced a model.
/// </summary>
public sealed class SelectBestSeedActivity(QcsStorage storage) : TaskActivity<BestSeedRequest, BestSeed?>
{
    public override async Task<BestSeed?> RunAsync(TaskActivityContext context, BestSeedRequest input)
    {
        BestSeed? best = null;
        foreach (var seed in input.Seeds.Order())
        {
            var folder = storage.FolderUri(BlobLayout.CheckpointsContainer,
                BlobLayout.CheckpointPrefix(input.RunId, input.Dataset, TrainPhase.Pretrain, seed, input.Arm));
            var completion = await storage.ReadJsonAsync<JobCompletion>(folder, BlobLayout.CompletionFile, CancellationToken.None);
            if (completion?.Succeeded != true) continue;
            TrainingMetrics? metrics;
            try { metrics = await storage.ReadJsonAsync<TrainingMetrics>(folder, BlobLayout.MetricsFile, CancellationToken.None); }
            catch (InvalidDataException) { continue; }
            var (selected, rule) = metrics switch
            {
                { Selected: { } s } => (s, "validation-selected epoch"),
                { ReferenceProtocol: { } r } => (r, "best test epoch (reference protocol)"),
                { LastEpoch: { } l } => (l, "last epoch"),
                _ => ((SelectedEpoch?)null, ""),
            };
            if (selected is null) continue;
            var accuracy = selected.Test.Accuracy;
            if (best is null || accuracy > best.Accuracy)
                best = new(input.Dataset, seed, accuracy, rule, folder + BlobLayout.BestCheckpointFile, input.Arm);
        }
        return best;
    }
}
