using System.Text;
using Microsoft.DurableTask;
using Azure;
using Azure.Storage.Blobs.Specialized;
using QcsCloud.Core;
using QcsCloud.Reports;
using QcsCloud.Workflow.Models;
using QcsCloud.Workflow.Storage;

namespace QcsCloud.Workflow.Activities;

/// <summary>
/// Reads every job's <c>outcome.json</c> and <c>metrics.json</c> back from <c>checkpoints/&lt;run&gt;/</c> and writes the
/// report to <c>reports/&lt;run&gt;/</c>: REPORTS' <see cref="RunReportBuilder"/> + <see cref="ReportRenderer"/> (report.json,
/// report.md, report.html, img/*.png, attention/*.png from each job's <c>explain/</c> folder when the trainer wrote one);
/// if rendering fails, a plain report.json/report.md saying why. Counts the usable
/// models: none makes the run Failed.
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
                : TrainFolder(run, job);
            var outcome = await storage.ReadJsonAsync<JobOutcome>(folder, RunLayout.OutcomeFile, CancellationToken.None);
            TrainingMetrics? metrics = null;
            if (job.Kind == JobKind.Train && outcome is not null && outcome.State != JobOutcomeState.Skipped)
            {
                // A failed job may have written some epochs; half-written metrics are left out, not fatal.
                try { metrics = await storage.ReadJsonAsync<TrainingMetrics>(folder, BlobLayout.MetricsFile, CancellationToken.None); }
                catch (InvalidDataException) { }
            }
            rows.Add(new(job, outcome, metrics, folder));
        }

        var usable = rows.Count(r => r.Job.Kind == JobKind.Train && r.Outcome?.State == JobOutcomeState.Succeeded);
        var prefix = BlobLayout.ReportPrefix(run.RunId);
        var notes = new List<string>();
        if (input.Cancelled) notes.Add("the run was cancelled: running jobs were stopped (Cancelled), jobs not started were not launched");
        if (input.BudgetExhausted) notes.Add($"GPU-hour budget of {run.Plan.GpuHourBudget:0.####} h spent: running jobs were stopped (BudgetStopped), later jobs were not launched");
        if (input.FineTuneSkipReason is { } skip) notes.Add($"fine-tuning skipped: {skip}");
        var fineTuneFrom = input.BestPretrain is { } b
            ? $"{b.Dataset} seed {b.Seed} {BlobLayout.BestCheckpointFile} ({b.Rule}: {b.Accuracy:0.####}) {b.CheckpointUri}"
            : null;

        var work = Path.Combine(Path.GetTempPath(), $"qcs-report-{run.RunId}-{Guid.NewGuid():N}");
        var folderOut = work;
        try
        {
            var jobs = rows.Select(r => new ReportJob(r.Job.Name, r.Job.Kind, r.Job.Dataset, r.Job.Phase, r.Job.Seed, r.Outcome, r.Metrics,
                r.Job.Kind == JobKind.Train ? r.Folder : null, r.Job.Arm)).ToList();
            var fineTuneFromByArm = input.BestPretrainByArm?.Where(a => a.Arm is not null)
                .ToDictionary(a => a.Arm!, a => $"{a.Dataset} seed {a.Seed} {BlobLayout.BestCheckpointFile} ({a.Rule}: {a.Accuracy:0.####}) {a.CheckpointUri}");
            var report = RunReportBuilder.Build(run.RunId, DateTimeOffset.UtcNow, run.Plan, jobs, fineTuneFrom, notes,
                typeof(PublishReportActivity).Assembly.GetName().Version?.ToString(), fineTuneFromByArm);
            var figures = await DownloadAttentionAsync(report, rows, Path.Combine(folderOut, ".explain"));
            if (figures.Count > 0) report = report with { AttentionMaps = figures };
            var rendered = Path.Combine(folderOut, "report");
            ReportRenderer.Render(report, rendered);
            folderOut = rendered;
            foreach (var file in Directory.EnumerateFiles(folderOut, "*", SearchOption.AllDirectories))
            {
                var relative = Path.GetRelativePath(folderOut, file).Replace('\\', '/');
                await storage.UploadFileAsync(BlobLayout.ReportsContainer, prefix + relative, file, ContentTypes.ForName(relative), CancellationToken.None);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The rich report could not be rendered: still publish the plain one, with the reason in it.
            notes.Add($"the full report could not be rendered: {e.GetType().Name}: {ErrorText.Short(e.Message)}");
            await WritePlainAsync(input, rows, usable, notes, prefix);
        }
        finally
        {
            if (Directory.Exists(work)) Directory.Delete(work, recursive: true);
        }
        return new(run.Folder(BlobLayout.ReportsContainer, prefix), usable);
    }

    /// <summary>Attention strips of more than this many jobs: only the best seed of each dataset/phase is shown.</summary>
    public const int MaxAttentionJobs = 6;

    /// <summary>
    /// Downloads <c>explain/explain.json</c> and its PNGs of each succeeded training job (the trainer's <c>--explain</c>)
    /// into <paramref name="localRoot"/> and reads them as report figures. A job without that folder (baseline,
    /// <c>explainImages</c> 0, an older trainer) adds none; an unreadable index is skipped, never fatal.
    /// </summary>
    private async Task<IReadOnlyList<AttentionFigure>> DownloadAttentionAsync(RunReport report, List<ReportRow> rows, string localRoot)
    {
        var trained = rows.Where(r => r.Job.Kind == JobKind.Train && r.Outcome?.State == JobOutcomeState.Succeeded).ToList();
        if (trained.Count > MaxAttentionJobs)
        {
            var best = report.Datasets.SelectMany(d => d.Phases.Select(p => (d.Dataset, p.Phase, p.Arm, p.Summary?.BestSeed))).ToHashSet();
            trained = trained.Where(r => best.Contains((r.Job.Dataset, r.Job.Phase!.Value, r.Job.Arm, r.Job.Seed))).ToList();
        }

        var figures = new List<AttentionFigure>();
        foreach (var row in trained)
        {
            var explainFolder = row.Folder.TrimEnd('/') + "/" + BlobLayout.ExplainFolder + "/";
            var index = storage.BlobIn(explainFolder, AttentionFigures.IndexFile);
            var blobPrefix = index.Name[..^AttentionFigures.IndexFile.Length];
            var local = Path.Combine(localRoot, $"{(row.Job.Arm is { } arm ? arm + "-" : "")}{row.Job.Dataset}-{BlobLayout.PhaseName(row.Job.Phase!.Value)}-s{row.Job.Seed}");
            try
            {
                if (!await index.ExistsAsync(CancellationToken.None)) continue;
                Directory.CreateDirectory(local);
                var container = index.GetParentBlobContainerClient();
                await foreach (var item in container.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, blobPrefix, CancellationToken.None))
                {
                    var name = item.Name[blobPrefix.Length..];
                    if (name.Contains('/') || !(name.EndsWith(".png", StringComparison.OrdinalIgnoreCase) || name == AttentionFigures.IndexFile)) continue;
                    await container.GetBlobClient(item.Name).DownloadToAsync(Path.Combine(local, name), CancellationToken.None);
                }
                var found = AttentionFigures.FromExplainIndex(Path.Combine(local, AttentionFigures.IndexFile), row.Job.Seed, row.Job.Phase);
                figures.AddRange(found.Where(f => File.Exists(f.File)));
            }
            catch (Exception e) when (e is InvalidDataException or RequestFailedException or IOException)
            {
                // Attention maps are illustrations: a broken explain folder costs its figures, not the report.
            }
        }
        return figures;
    }

    private async Task WritePlainAsync(ReportRequest input, List<ReportRow> rows, int usable, List<string> notes, string prefix)
    {
        var run = input.Run;
        var summary = new
        {
            runId = run.RunId,
            plan = run.Plan,
            gpuHours = input.GpuHours,
            budgetExhausted = input.BudgetExhausted,
            bestPretrain = input.BestPretrain,
            notes,
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
        await storage.WriteTextAsync(BlobLayout.ReportsContainer, prefix + "report.json", QcsJson.Serialize(summary), ContentTypes.ForName("report.json"), CancellationToken.None);
        await storage.WriteTextAsync(BlobLayout.ReportsContainer, prefix + "report.md", Markdown(input, rows, usable, notes), ContentTypes.ForName("report.md"), CancellationToken.None);
    }

    private static string TrainFolder(RunInput run, PlannedJob job) =>
        Orchestrators.JobSpecFactory.OutputUri(run, job.Dataset, job.Phase!.Value, job.Seed!.Value, job.Arm);

    private static double? Accuracy(TrainingMetrics? m) =>
        (m?.Selected ?? m?.ReferenceProtocol ?? m?.LastEpoch)?.Test.Accuracy;

    private static string Markdown(ReportRequest input, List<ReportRow> rows, int usable, List<string> notes)
    {
        var md = new StringBuilder();
        md.AppendLine($"# Run {input.Run.RunId}").AppendLine();
        md.AppendLine($"Usable models: {usable}. GPU-hours: {input.GpuHours:0.###}.{(input.BudgetExhausted ? " The GPU-hour budget was spent: later jobs were not launched." : "")}");
        if (input.BestPretrain is { } b) md.AppendLine($"Fine-tuned from {b.Dataset} seed {b.Seed} ({b.Rule}: {b.Accuracy:0.####}).");
        foreach (var note in notes) md.AppendLine($"Note: {note}.");
        md.AppendLine().AppendLine("| job | dataset | phase | seed | state | attempts | accuracy | error |").AppendLine("|---|---|---|---|---|---|---|---|");
        foreach (var r in rows)
            md.AppendLine($"| {r.Job.Name} | {r.Job.Dataset} | {(r.Job.Phase is { } p ? BlobLayout.PhaseName(p) : "staging")} | {r.Job.Seed} | " +
                          $"{r.Outcome?.State.ToString() ?? "NotRun"} | {r.Outcome?.Attempts} | {Accuracy(r.Metrics):0.####} | {r.Outcome?.Error?.Replace("|", "/")} |");
        return md.ToString();
    }

    private sealed record ReportRow(PlannedJob Job, JobOutcome? Outcome, TrainingMetrics? Metrics, string Folder);
}
