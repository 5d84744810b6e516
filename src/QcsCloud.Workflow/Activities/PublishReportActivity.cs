using System.Text;
using Microsoft.DurableTask;
using QcsCloud.Core;
using QcsCloud.Workflow.Models;
using QcsCloud.Workflow.Storage;

namespace QcsCloud.Workflow.Activities;

/// <summary>
/// Reads every job's <c>outcome.json</c> and <c>metrics.json</c> back from <c>checkpoints/&lt;run&gt;/</c> and writes the
/// report to <c>reports/&lt;run&gt;/</c> (report.json, report.md). Counts the usable models: none makes the run Failed.
/// </summary>
public sealed class PublishReportActivity(QcsStorage storage) : TaskActivity<ReportRequest, ReportPublished>
{
    public override async Task<ReportPublished> RunAsync(TaskActivityContext context, ReportRequest input)
    {
        var run = input.Run;
        var rows = new List<ReportRow>();
        foreach (var job in PlannedJob.All(run.RunId, run.Plan))
        {
            var folder = job.Kind == JobKind.Stage
                ? run.Folder(BlobLayout.CheckpointsContainer, RunLayout.StagingOutcomePrefix(run.RunId, job.Dataset))
                : JobSpecFactoryFolder(run, job);
            var outcome = await storage.ReadJsonAsync<JobOutcome>(folder, RunLayout.OutcomeFile, CancellationToken.None);
            TrainingMetrics? metrics = null;
            if (job.Kind == JobKind.Train && outcome?.State == JobOutcomeState.Succeeded)
            {
                try { metrics = await storage.ReadJsonAsync<TrainingMetrics>(folder, BlobLayout.MetricsFile, CancellationToken.None); }
                catch (InvalidDataException) { }
            }
            rows.Add(new(job, outcome, metrics, folder));
        }

        var usable = rows.Count(r => r.Job.Kind == JobKind.Train && r.Outcome?.State == JobOutcomeState.Succeeded);
        var prefix = BlobLayout.ReportPrefix(run.RunId);
        var summary = new
        {
            runId = run.RunId,
            plan = run.Plan,
            gpuHours = input.GpuHours,
            budgetExhausted = input.BudgetExhausted,
            bestPretrain = input.BestPretrain,
            fineTuneSkipReason = input.FineTuneSkipReason,
            usableModels = usable,
            jobs = rows.Select(r => new
            {
                name = r.Job.Name,
                kind = r.Job.Kind,
                dataset = r.Job.Dataset,
                phase = r.Job.Phase,
                seed = r.Job.Seed,
                state = r.Outcome?.State.ToString() ?? "NotRun",
                attempts = r.Outcome?.Attempts,
                preemptions = r.Outcome?.Preemptions,
                error = r.Outcome?.Error,
                accuracy = Accuracy(r.Metrics),
                output = r.Folder,
            }),
        };
        await storage.WriteTextAsync(BlobLayout.ReportsContainer, prefix + "report.json", QcsJson.Serialize(summary), "application/json", CancellationToken.None);
        await storage.WriteTextAsync(BlobLayout.ReportsContainer, prefix + "report.md", Markdown(input, rows, usable), "text/markdown", CancellationToken.None);
        return new(run.Folder(BlobLayout.ReportsContainer, prefix), usable);
    }

    private static string JobSpecFactoryFolder(RunInput run, PlannedJob job) =>
        Orchestrators.JobSpecFactory.OutputUri(run, job.Dataset, job.Phase!.Value, job.Seed!.Value);

    private static double? Accuracy(TrainingMetrics? m) =>
        (m?.Selected ?? m?.ReferenceProtocol ?? m?.LastEpoch)?.Test.Accuracy;

    private static string Markdown(ReportRequest input, List<ReportRow> rows, int usable)
    {
        var md = new StringBuilder();
        md.AppendLine($"# Run {input.Run.RunId}").AppendLine();
        md.AppendLine($"Usable models: {usable}. GPU-hours: {input.GpuHours:0.###}.{(input.BudgetExhausted ? " The GPU-hour budget was spent: later jobs were not launched." : "")}");
        if (input.BestPretrain is { } b) md.AppendLine($"Fine-tuned from {b.Dataset} seed {b.Seed} ({b.Rule}: {b.Accuracy:0.####}).");
        if (input.FineTuneSkipReason is { } s) md.AppendLine($"Fine-tuning skipped: {s}.");
        md.AppendLine().AppendLine("| job | dataset | phase | seed | state | attempts | accuracy | error |").AppendLine("|---|---|---|---|---|---|---|---|");
        foreach (var r in rows)
            md.AppendLine($"| {r.Job.Name} | {r.Job.Dataset} | {(r.Job.Phase is { } p ? BlobLayout.PhaseName(p) : "staging")} | {r.Job.Seed} | " +
                          $"{r.Outcome?.State.ToString() ?? "NotRun"} | {r.Outcome?.Attempts} | {Accuracy(r.Metrics):0.####} | {r.Outcome?.Error?.Replace("|", "/")} |");
        return md.ToString();
    }

    private sealed record ReportRow(PlannedJob Job, JobOutcome? Outcome, TrainingMetrics? Metrics, string Folder);
}
