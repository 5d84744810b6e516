using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using QcsCloud.Core;
using QcsCloud.Workflow.Activities;
using QcsCloud.Workflow.Configuration;
using QcsCloud.Workflow.Launchers;
using QcsCloud.Workflow.Models;
using QcsCloud.Workflow.Orchestrators;
using QcsCloud.Workflow.Reuse;
using QcsCloud.Workflow.Storage;

namespace QcsCloud.Workflow.Api;

/// <summary>
/// The HTTP API of both hosts, framework-neutral: each handler takes the raw body or route values and a
/// <see cref="DurableTaskClient"/> and returns an <see cref="ApiResult"/>.
/// <list type="bullet">
/// <item><c>POST /api/runs</c> -> <see cref="StartAsync"/></item>
/// <item><c>POST /api/runs/preview</c> -> <see cref="PreviewAsync"/></item>
/// <item><c>GET /api/runs</c> -> <see cref="ListAsync"/></item>
/// <item><c>GET /api/runs/{id}</c> -> <see cref="GetAsync"/></item>
/// <item><c>POST /api/runs/{id}/cancel</c> -> <see cref="CancelAsync"/></item>
/// <item><c>GET /api/runs/{id}/report</c> and <c>/report/{*path}</c> (e.g. <c>img/rafdb-pretrain-accuracy.png</c>) -> <see cref="GetReportAsync"/></item>
/// </list>
/// </summary>
public sealed class RunsApi(
    QcsStorage storage,
    IJobLauncher launcher,
    IOptions<WorkflowOptions> options,
    RunPlanAdmission admission,
    JobReuseStore reuse,
    ILogger<RunsApi> logger)
{
    private static readonly JsonSerializerOptions StrictJson = new(QcsJson.Options)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    /// <summary><c>POST /api/runs</c>: 202 with the run id; 200 for the same id + same plan; 400 listing every problem; 409 for the same id + another plan.</summary>
    public async Task<ApiResult> StartAsync(DurableTaskClient client, string? body, CancellationToken cancellationToken)
    {
        var (parsed, unreadable) = ParsePlan(body);
        if (unreadable is not null) return unreadable;

        var plan = parsed!.WithDefaults();
        var problems = plan.Validate().Concat(admission.Problems(plan)).ToList();
        if (problems.Count > 0) return ApiResult.Error(400, $"The run plan has {problems.Count} problem(s).", problems);

        var runId = plan.RunId ?? NewRunId();
        plan = plan with { RunId = runId };

        var existing = await client.GetInstanceAsync(runId, getInputsAndOutputs: true, cancellationToken);
        if (existing is not null) return Existing(existing, plan);

        var missing = new List<string>();
        foreach (var dataset in (plan.Datasets ?? []).Concat(plan.FineTuneTargets ?? []).Distinct())
            if (!await storage.AnyAsync(BlobLayout.DatasetsContainer, BlobLayout.DatasetPrefix(dataset), cancellationToken))
                missing.Add($"{storage.ContainerPrefix}{BlobLayout.DatasetsContainer}/{BlobLayout.DatasetPrefix(dataset)} holds no blobs: upload the '{dataset}' dataset there in its official layout first.");
        if (missing.Count > 0) return ApiResult.Error(400, $"{missing.Count} dataset(s) of the plan are not uploaded.", missing);

        var input = new RunInput(runId, plan, storage.ServiceUri, Policy(plan), storage.ContainerPrefix, plan.Reuse ?? options.Value.DefaultReuse);
        try
        {
            // Dedupe on every status: a concurrent POST of the same id, or an id whose run ended, never restarts a run.
            await client.ScheduleNewOrchestrationInstanceAsync(nameof(TrainingRunOrchestratorV2), input,
                new StartOrchestrationOptions(runId).WithDedupeStatuses(Enum.GetValues<OrchestrationRuntimeStatus>()), cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            var winner = await client.GetInstanceAsync(runId, getInputsAndOutputs: true, cancellationToken);
            if (winner is null) throw;
            logger.LogInformation("Run {RunId} was started by another request ({Error})", runId, e.Message);
            return Existing(winner, plan);
        }
        logger.LogInformation("Started run {RunId} with {JobCount} training jobs", runId, plan.JobCount);
        return ApiResult.Json(202, Accepted(runId, existing: false), location: $"runs/{runId}");
    }

    /// <summary>
    /// <c>POST /api/runs/preview</c>: what <see cref="StartAsync"/> would do with the same body, without starting anything
    /// (<see cref="RunPreview"/>): every problem (the plan's and the <c>Qcs:Limits</c> caps'), the job list, and the GPU-hour
    /// estimate. 200 also for a plan with problems (<c>fits</c> false); 400 only when the body is not a RunPlan.
    /// </summary>
    public async Task<ApiResult> PreviewAsync(string? body, CancellationToken cancellationToken)
    {
        var (parsed, unreadable) = ParsePlan(body);
        if (unreadable is not null) return unreadable;
        var plan = parsed!.WithDefaults();
        var invalid = plan.Validate();
        var problems = invalid.Concat(admission.Problems(plan)).ToList();
        // Job names need a valid plan (safe run id and arm names); a plan with its own problems lists none.
        var jobs = invalid.Count > 0 ? [] : RunPreview.ListJobs(plan with { RunId = plan.RunId ?? RunPreview.PlaceholderRunId }, admission.Calibration);
        if (jobs.Count > 0 && (plan.Reuse ?? options.Value.DefaultReuse) == RunPlan.ReuseSucceeded)
            jobs = await WithReuseAsync(plan with { RunId = plan.RunId ?? RunPreview.PlaceholderRunId }, jobs, cancellationToken);
        return ApiResult.Json(200, RunPreview.Of(plan, problems, jobs));
    }

    /// <summary>
    /// Marks the pretrain jobs a start would reuse: each job's spec as the run would build it (datasets hashed as its
    /// snapshot would), its content key, and an index entry whose source still holds the succeeded job.
    /// </summary>
    private async Task<IReadOnlyList<PreviewJob>> WithReuseAsync(RunPlan plan, IReadOnlyList<PreviewJob> jobs, CancellationToken cancellationToken)
    {
        var input = new RunInput(plan.RunId!, plan, storage.ServiceUri, Policy(plan), storage.ContainerPrefix, RunPlan.ReuseSucceeded);
        var staging = new Dictionary<string, string?>();
        var marked = new List<PreviewJob>();
        foreach (var job in jobs)
        {
            if (job.Phase != BlobLayout.PhaseName(TrainPhase.Pretrain) || job.Seed is not { } seed)
            {
                marked.Add(job);
                continue;
            }
            if (!staging.TryGetValue(job.Dataset, out var stagingUri))
                staging[job.Dataset] = stagingUri = (await SnapshotDatasetActivity.SnapshotAsync(storage, job.Dataset, cancellationToken)).StagingUri;
            var arm = plan.Arms.First(a => a.Name == (job.Arm ?? plan.Arms[0].Name));
            if (stagingUri is null)
            {
                marked.Add(job);
                continue;
            }
            var spec = JobSpecFactory.Train(input, job.Dataset, stagingUri, TrainPhase.Pretrain, seed, null, arm);
            var key = await reuse.KeyOfAsync(spec, arm.Variant?.Name, cancellationToken);
            var source = await reuse.FindReusableAsync(key.Key, spec.OutputUri, cancellationToken);
            marked.Add(source is null ? job : job with { ReusedFrom = source.JobName, GpuHoursSaved = source.GpuHours });
        }
        return marked;
    }

    /// <summary>The body as a RunPlan, or the 400 that says why it is not one.</summary>
    private (RunPlan? Plan, ApiResult? Error) ParsePlan(string? body)
    {
        if (string.IsNullOrWhiteSpace(body))
            return (null, ApiResult.Error(400, "The request body is empty: send a RunPlan as JSON, e.g. {\"datasets\": [\"rafdb\"], \"seeds\": [1]}."));
        RunPlan? parsed;
        try
        {
            parsed = JsonSerializer.Deserialize<RunPlan>(body, StrictJson);
        }
        catch (JsonException e)
        {
            // The parser's own text names .NET types: it goes to the log; the caller gets where and which field.
            logger.LogInformation("A RunPlan body could not be read: {ParserError}", e.Message);
            var where = e.LineNumber is { } line ? $" at line {line + 1}, position {e.BytePositionInLine + 1}" : "";
            var field = e.Path is { Length: > 1 } path ? $" (field {path})" : "";
            return (null, ApiResult.Error(400, $"The request body is not a valid RunPlan{where}{field}: check the JSON syntax and the field names and types."));
        }
        return parsed is null ? (null, ApiResult.Error(400, "The request body is JSON null: send a RunPlan object.")) : (parsed, null);
    }

    /// <summary><c>GET /api/runs</c>: the latest runs (newest first).</summary>
    public async Task<ApiResult> ListAsync(DurableTaskClient client, CancellationToken cancellationToken)
    {
        var runs = new List<RunSummary>();
        var query = new OrchestrationQuery { PageSize = 100, FetchInputsAndOutputs = false };
        await foreach (var instance in client.GetAllInstancesAsync(query).WithCancellation(cancellationToken))
        {
            if (instance.Name != nameof(TrainingRunOrchestratorV2)) continue;
            runs.Add(new(instance.InstanceId, instance.RuntimeStatus.ToString(), instance.CreatedAt, instance.LastUpdatedAt));
        }
        return ApiResult.Json(200, runs.OrderByDescending(r => r.CreatedAt).Take(options.Value.ListLimit).ToList());
    }

    /// <summary><c>GET /api/runs/{id}</c>: status, phase, counts, and each job's state and progress.</summary>
    public async Task<ApiResult> GetAsync(DurableTaskClient client, string runId, CancellationToken cancellationToken)
    {
        if (!BlobLayout.IsSafeName(runId)) return BadRunId(runId);
        var run = await client.GetInstanceAsync(runId, getInputsAndOutputs: true, cancellationToken);
        if (run is null || run.Name != nameof(TrainingRunOrchestratorV2)) return NotFound(runId);

        var input = run.ReadInputAs<RunInput>();
        var jobs = new List<JobView>();
        if (input is not null)
        {
            var planned = PlannedJob.All(runId, input.Plan);
            var views = new JobView[planned.Count];
            await Parallel.ForEachAsync(
                Enumerable.Range(0, planned.Count),
                new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken },
                async (i, ct) =>
                {
                    var job = planned[i];
                    var instance = await client.GetInstanceAsync(job.InstanceId, getInputsAndOutputs: true, ct);
                    views[i] = new(job.Name, job.Kind.ToString(), job.Dataset,
                        job.Phase is { } p ? BlobLayout.PhaseName(p) : null, job.Seed,
                        instance?.RuntimeStatus.ToString(), ReadStatus<JobProgress>(instance), job.Arm);
                });
            jobs.AddRange(views);
        }

        RunResult? result = null;
        string? failure = run.FailureDetails?.ErrorMessage;
        if (run.RuntimeStatus == OrchestrationRuntimeStatus.Completed) result = TryRead<RunResult>(run.SerializedOutput);
        else if (run.RuntimeStatus is OrchestrationRuntimeStatus.Failed or OrchestrationRuntimeStatus.Terminated)
            failure ??= run.SerializedOutput;

        return ApiResult.Json(200, new RunView(runId, run.RuntimeStatus.ToString(), run.CreatedAt, run.LastUpdatedAt,
            ReadStatus<RunProgress>(run), result, failure, jobs));
    }

    /// <summary>
    /// <c>POST /api/runs/{id}/cancel</c>: writes the run's cancel marker (<c>checkpoints/&lt;run&gt;/cancel.json</c>: no job is
    /// launched after it) and raises the cancel event on the run and on every phase and job orchestration that runs; each
    /// job stops its own execution and records <c>Cancelled</c>, and the run ends <c>Cancelled</c> with a report.
    /// 202 while the run is running (again on a repeated cancel); 409 with its state once it ended.
    /// </summary>
    public async Task<ApiResult> CancelAsync(DurableTaskClient client, string runId, CancellationToken cancellationToken)
    {
        if (!BlobLayout.IsSafeName(runId)) return BadRunId(runId);
        var run = await client.GetInstanceAsync(runId, getInputsAndOutputs: true, cancellationToken);
        if (run is null || run.Name != nameof(TrainingRunOrchestratorV2)) return NotFound(runId);
        if (!run.IsRunning && run.RuntimeStatus != OrchestrationRuntimeStatus.Pending)
        {
            var status = run.RuntimeStatus == OrchestrationRuntimeStatus.Completed ? TryRead<RunResult>(run.SerializedOutput)?.Status : null;
            return ApiResult.Error(409, $"Run '{runId}' already ended: {run.RuntimeStatus}{(status is null ? "" : $" ({status})")}; nothing to cancel.");
        }

        var runFolder = storage.FolderUri(BlobLayout.CheckpointsContainer, RunLayout.RunPrefix(runId));
        var marker = await storage.ReadJsonAsync<CancelMarker>(runFolder, RunLayout.CancelFile, cancellationToken);
        if (marker is null)
        {
            marker = new CancelMarker(DateTimeOffset.UtcNow);
            await storage.WriteJsonAsync(runFolder, RunLayout.CancelFile, marker, cancellationToken);
        }

        // The Durable Task sidecar over Azure Storage does not terminate sub-orchestrations: signal each one.
        var input = run.ReadInputAs<RunInput>();
        var children = new List<string>
        {
            InstanceIds.Phase(runId, TrainPhase.Pretrain), InstanceIds.Phase(runId, TrainPhase.FineTune),
        };
        if (input is not null) children.AddRange(PlannedJob.All(runId, input.Plan).Select(j => j.InstanceId));
        var signalled = new List<string>();
        await RaiseCancelAsync(client, runId, cancellationToken);
        await Parallel.ForEachAsync(children,
            new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken },
            async (id, ct) =>
            {
                var child = await client.GetInstanceAsync(id, getInputsAndOutputs: false, ct);
                if (child is not { IsRunning: true } && child?.RuntimeStatus != OrchestrationRuntimeStatus.Pending) return;
                if (await RaiseCancelAsync(client, id, ct)) lock (signalled) signalled.Add(id);
            });
        logger.LogInformation("Cancel of run {RunId} (asked {RequestedUtc:u}) signalled to {Count} running child orchestrations",
            runId, marker.RequestedUtc, signalled.Count);
        return ApiResult.Json(202, new { id = runId, cancelRequestedUtc = marker.RequestedUtc, signalled = signalled.Order().ToList() });
    }

    private async Task<bool> RaiseCancelAsync(DurableTaskClient client, string instanceId, CancellationToken cancellationToken)
    {
        try
        {
            await client.RaiseEventAsync(instanceId, JobOrchestratorV2.CancelEventName, "cancelled through the API", cancellationToken);
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // It ended meanwhile: the cancel marker still stops any launch.
            logger.LogWarning("Could not signal the cancel to {InstanceId}: {Error}", instanceId, e.Message);
            return false;
        }
    }

    /// <summary>
    /// <c>GET /api/runs/{id}/report[/{path}]</c>: a file of <c>reports/&lt;run&gt;/</c> (default report.html, else report.md),
    /// or an asset below it such as <c>img/rafdb-pretrain-confusion.png</c> (see <see cref="IsSafeReportPath"/>).
    /// Streamed when the host holds a key (Azurite); with managed identity a 15-minute read-only user-delegation SAS redirect.
    /// </summary>
    public async Task<ApiResult> GetReportAsync(DurableTaskClient client, string runId, string? file, CancellationToken cancellationToken)
    {
        if (!BlobLayout.IsSafeName(runId)) return BadRunId(runId);
        if (file is { Length: 0 }) file = null;   // "report/" = "report"
        if (file is not null && !IsSafeReportPath(file))
            return ApiResult.Error(400, $"Report path '{file}' is not allowed: relative segments of [A-Za-z0-9._-] separated by '/', such as report.json or img/rafdb-pretrain-confusion.png (no '..', no leading '/', no '\\').");

        var container = storage.Container(BlobLayout.ReportsContainer);
        var candidates = file is null ? new[] { "report.html", "report.md", "report.json" } : [file];
        foreach (var name in candidates)
        {
            var blob = container.GetBlobClient(BlobLayout.ReportPrefix(runId) + name);
            if (!await blob.ExistsAsync(cancellationToken)) continue;
            if (storage.Service.CanGenerateAccountSasUri)
            {
                var download = await blob.DownloadStreamingAsync(cancellationToken: cancellationToken);
                return ApiResult.Stream(download.Value.Content, ContentTypes.ForName(name));
            }
            var now = DateTimeOffset.UtcNow;
            var key = await storage.Service.GetUserDelegationKeyAsync(now.AddMinutes(-5), now + ReportLink.Lifetime, cancellationToken);
            return ApiResult.Redirect(ReportLink.Create(blob, key.Value, storage.Service.AccountName, now).AbsoluteUri);
        }

        var run = await client.GetInstanceAsync(runId, cancellationToken);
        return run is null
            ? NotFound(runId)
            : ApiResult.Error(404, $"Run '{runId}' has no report {file ?? "yet"} (status {run.RuntimeStatus}); the report is written when the run ends.");
    }

    /// <summary>
    /// A report path is 1-8 segments of <c>[A-Za-z0-9._-]</c> joined by '/', none of them '.' or '..', at most 256
    /// characters: no leading '/', no backslash, no percent escapes, so it can only name a blob below <c>reports/&lt;run&gt;/</c>.
    /// </summary>
    public static bool IsSafeReportPath(string path)
    {
        if (path.Length is 0 or > 256) return false;
        var segments = path.Split('/');
        return segments.Length <= 8 && segments.All(s =>
            s.Length > 0 && s is not "." and not ".." && s.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'));
    }

    private JobPolicy Policy(RunPlan plan)
    {
        var o = options.Value;
        return new(o.PollInterval, o.MaxPollsPerGeneration, plan.MaxAttempts ?? 3, o.RetryBaseDelay, o.RetryMaxDelay,
            o.CapacityWait, o.CapacityBudget, o.MaxPreemptions, TimeSpan.FromHours(plan.AttemptHours ?? RunPlan.DefaultAttemptHours),
            o.MaxPollFailures, launcher.Slots);
    }

    /// <summary>The answer to a start for an id that exists: 200 with its status for the same plan, 409 for another plan.</summary>
    private static ApiResult Existing(OrchestrationMetadata existing, RunPlan plan)
    {
        var runId = existing.InstanceId;
        var existingPlan = existing.Name == nameof(TrainingRunOrchestratorV2) ? existing.ReadInputAs<RunInput>()?.Plan : null;
        if (existingPlan is null || QcsJson.Serialize(existingPlan, false) != QcsJson.Serialize(plan, false))
            return ApiResult.Error(409, $"Run '{runId}' already exists ({existing.RuntimeStatus}) with another plan: choose another runId, or send the same plan to get the same run.");
        var status = existing.RuntimeStatus == OrchestrationRuntimeStatus.Completed ? TryRead<RunResult>(existing.SerializedOutput)?.Status : null;
        return ApiResult.Json(200, Accepted(runId, existing: true) with { RuntimeStatus = existing.RuntimeStatus.ToString(), Status = status },
            location: $"runs/{runId}");
    }

    private static RunAccepted Accepted(string runId, bool existing) =>
        new(runId, $"runs/{runId}", $"runs/{runId}/cancel", $"runs/{runId}/report", existing);

    private static string NewRunId() => $"run-{DateTime.UtcNow:yyyyMMdd-HHmmss}-{Guid.NewGuid().ToString("N")[..6]}";

    private static ApiResult BadRunId(string runId) =>
        ApiResult.Error(400, $"Run id '{runId}' is not allowed: use 1-63 lower-case letters, digits and '-'.");

    private static ApiResult NotFound(string runId) => ApiResult.Error(404, $"Run '{runId}' does not exist.");

    private static T? ReadStatus<T>(OrchestrationMetadata? instance) where T : class =>
        instance?.SerializedCustomStatus is { Length: > 0 } json ? TryRead<T>(json) : null;

    private static T? TryRead<T>(string? json) where T : class
    {
        if (string.IsNullOrEmpty(json)) return null;
        try { return JsonSerializer.Deserialize<T>(json, QcsJson.Options); }
        catch (JsonException) { return null; }
    }

}
