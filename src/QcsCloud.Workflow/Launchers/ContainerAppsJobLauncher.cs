using System.Text.Json;
using System.Text.Json.Nodes;
using Azure;
using Azure.Core;
using Azure.ResourceManager;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using QcsCloud.BlobStorage;
using QcsCloud.Core;
using QcsCloud.Workflow.Configuration;
using QcsCloud.Workflow.Storage;
using QcsCloud.Workflow.Models;

namespace QcsCloud.Workflow.Launchers;

/// <summary>
/// Runs jobs as executions of Azure Container Apps Jobs: <c>POST {job}/start?api-version=2025-07-01</c> with the
/// trainer container overridden (image, <c>qcs</c> arguments, <c>QCS_JOB_NAME</c>/<c>QCS_OUTPUT_URI</c>, the blob hosts it may open), status from
/// <c>GET {job}/executions/{name}</c>, cancel through <c>.../stop</c>. Staging runs on the CPU job, training on the GPU job.
/// At most one live execution per job name: a start first looks for a live execution whose template carries the job's
/// <c>QCS_JOB_NAME</c> and returns it; otherwise it claims the launch with a <see cref="StartIntent"/> written under an
/// ETag condition (a concurrent delivery that loses gets a pending handle); the start POST is sent once (no pipeline
/// retries); a 202 whose operation names no execution yet is a pending handle (<c>train/*</c>), resolved on each poll by
/// listing executions, never a reason to start again.
/// Refusals map to <see cref="LaunchOutcome"/>: 429/503 capacity; 401/403 unauthorized (configuration, not the job);
/// 408, 409 and 5xx transient; other 4xx invalid. An execution ends without an exit code: the job's completion record
/// supplies it. Stopped (eviction, cancel) and Failed after the job's replica time-out report exit 130, so the workflow
/// relaunches the job to resume from its checkpoint.
/// </summary>
public sealed class ContainerAppsJobLauncher(
    ArmClient arm, QcsStorage storage, IOptions<JobLauncherOptions> options, ILogger<ContainerAppsJobLauncher> logger)
    : IJobLauncher
{
    /// <summary>Execution name of a pending handle: ARM accepted the start but named no execution yet.</summary>
    public const string PendingExecution = "*";

    /// <summary>How long a claim without an execution name blocks other deliveries (then it is stale and replaced).</summary>
    public static readonly TimeSpan ClaimLifetime = TimeSpan.FromMinutes(2);

    /// <summary>How long a pending handle waits for its execution to appear in the list before the attempt counts as failed.</summary>
    public static readonly TimeSpan PendingLifetime = TimeSpan.FromMinutes(10);

    private readonly ContainerAppsOptions settings = options.Value.ContainerApps;

    public static string IntentFile(string jobName) => $"start-intent.{BlobLayout.RequireSafeName(jobName, "Job name")}.json";

    public async Task<JobHandle> StartAsync(JobSpec spec, CancellationToken cancellationToken)
    {
        var job = Job(spec.Kind);
        try
        {
            if (await FindAsync(job, spec.Name, since: null, cancellationToken) is { IsLive: true } live)
            {
                logger.LogInformation("Job {JobName} already has the live execution {Execution}: not starting another", spec.Name, live.Name);
                return Handle(spec, live.Name, live.StartTime);
            }
        }
        catch (ArmCallException e)
        {
            throw Refusal(spec, e.Status, e.Message, e);
        }

        var claim = await ClaimAsync(spec, cancellationToken);
        if (claim.Winner is null)
        {
            logger.LogInformation("Another delivery is starting job {JobName} (claimed {Claimed:O}): pending", spec.Name, claim.Intent.ClaimedUtc);
            return Handle(spec, PendingExecution, claim.Intent.ClaimedUtc);
        }

        ArmReply response;
        try
        {
            response = await job.StartAsync(Template(spec), cancellationToken);
        }
        catch (Exception e) when (e is RequestFailedException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            await ReleaseAsync(spec, claim.Winner, cancellationToken);
            throw new JobLaunchException(LaunchOutcome.TransientError,
                $"Starting {spec.Name} on {job.Id.Name}: no answer ({e.Message}); the next start finds the execution if it was created.", e);
        }
        if (response.Status is not (200 or 201 or 202))
        {
            await ReleaseAsync(spec, claim.Winner, cancellationToken);
            throw Refusal(spec, response.Status, response.Content.ToString(), null);
        }

        var name = ExecutionName(response);
        if (name is null && response.Location is { } location)
            for (var i = 0; i < 3 && name is null; i++)
            {
                await Task.Delay(TimeSpan.FromSeconds(i == 0 ? 0 : 1), cancellationToken);
                var poll = await job.GetAsync(new Uri(location), cancellationToken);
                if (poll.Status == 200) name = ExecutionName(poll);
            }
        if (name is null)
        {
            logger.LogInformation("Start of {JobName} on {Job} accepted ({Status}) without an execution name yet: pending", spec.Name, job.Id.Name, response.Status);
            return Handle(spec, PendingExecution, claim.Intent.ClaimedUtc);
        }
        await RecordAsync(spec, claim, name, cancellationToken);
        logger.LogInformation("Started execution {Execution} of {Job} for {JobName}", name, job.Id.Name, spec.Name);
        return Handle(spec, name, claim.Intent.ClaimedUtc);
    }

    public async Task<JobStatus> GetStatusAsync(JobHandle handle, CancellationToken cancellationToken)
    {
        var (job, name) = Split(handle);
        JsonNode? execution;
        if (name == PendingExecution)
        {
            var found = await FindAsync(job, handle.JobName, handle.StartedUtc, cancellationToken);
            if (found is null)
                return DateTimeOffset.UtcNow - handle.StartedUtc < PendingLifetime
                    ? new JobStatus(JobState.Pending)
                    : new JobStatus(JobState.Failed, null, $"no execution of {handle.JobName} appeared on {job.Id.Name} within {PendingLifetime} of its accepted start");
            execution = found.Json;
            name = found.Name;
        }
        else
        {
            var response = await job.GetExecutionAsync(name, cancellationToken);
            if (response.Status == 404)
                return new JobStatus(JobState.Failed, JobExitCode.Cancelled, $"execution {name} of {job.Id.Name} no longer exists");
            if (response.Status != 200) throw ReadError($"Reading execution {name} of {job.Id.Name}", response);
            execution = JsonNode.Parse(response.Content.ToString());
        }

        var status = execution?["properties"]?["status"]?.GetValue<string>();
        var timedOut = status is "Failed" or "Degraded" ? await TimedOutAsync(job, execution!, cancellationToken) : null;
        return status switch
        {
            "Succeeded" => new JobStatus(JobState.Succeeded, 0),
            "Failed" or "Degraded" when timedOut is { } timeout =>
                new JobStatus(JobState.Failed, JobExitCode.Cancelled,
                    $"execution {name} of {job.Id.Name} reached the job's replica time-out ({timeout}): resumable"),
            "Failed" or "Degraded" => new JobStatus(JobState.Failed, null, $"execution {name} of {job.Id.Name} is {status}"),
            "Stopped" => new JobStatus(JobState.Failed, JobExitCode.Cancelled, $"execution {name} of {job.Id.Name} was stopped"),
            "Running" or "Processing" => new JobStatus(JobState.Running),
            _ => new JobStatus(JobState.Pending),
        };
    }

    public async Task CancelAsync(JobHandle handle, CancellationToken cancellationToken)
    {
        var (job, name) = Split(handle);
        if (name == PendingExecution)
        {
            if (await FindAsync(job, handle.JobName, handle.StartedUtc, cancellationToken) is not { IsLive: true } found) return;
            name = found.Name;
        }
        var response = await job.StopExecutionAsync(name, cancellationToken);
        // 404/409: already ended or gone.
        if (response.Status is not (200 or 202 or 204 or 404 or 409))
            throw ReadError($"Stopping execution {name} of {job.Id.Name}", response);
    }

    private JsonObject Template(JobSpec spec)
    {
        var args = new JsonArray(spec.Arguments.Select(a => (JsonNode)JsonValue.Create(a)!).ToArray());
        var env = new JsonArray(
            new JsonObject { ["name"] = "QCS_JOB_NAME", ["value"] = spec.Name },
            new JsonObject { ["name"] = "QCS_OUTPUT_URI", ["value"] = spec.OutputUri });
        if (JobEnvironment.BlobHost(spec.OutputUri) is { } account)
            env.Add(new JsonObject { ["name"] = JobEnvironment.AllowedBlobHosts, ["value"] = account });
        if (settings.JobsManagedIdentityClientId is { Length: > 0 } clientId)
            env.Add(new JsonObject { ["name"] = "AZURE_CLIENT_ID", ["value"] = clientId });
        return new JsonObject
        {
            ["containers"] = new JsonArray(new JsonObject
            {
                ["name"] = settings.ContainerName,
                ["image"] = settings.Image,
                ["args"] = args,
                ["env"] = env,
            }),
        };
    }

    /// <summary>The newest execution of the job whose template passes <paramref name="jobName"/> as <c>QCS_JOB_NAME</c>, started after <paramref name="since"/>.</summary>
    private static async Task<Execution?> FindAsync(ContainerAppsJobResource job, string jobName, DateTimeOffset? since, CancellationToken cancellationToken)
    {
        var executions = await job.ListExecutionsAsync(cancellationToken);
        return executions
            .Select(e => new Execution(e))
            .Where(e => e.JobName == jobName && (since is null || e.StartTime >= since.Value.AddSeconds(-5)))
            .OrderByDescending(e => e.IsLive)
            .ThenByDescending(e => e.StartTime)
            .FirstOrDefault();
    }

    /// <summary>The replica time-out when a failed execution ran for at least that long (Container Apps ended it), else null.</summary>
    private static async Task<TimeSpan?> TimedOutAsync(ContainerAppsJobResource job, JsonNode execution, CancellationToken cancellationToken)
    {
        var properties = execution["properties"];
        if (!DateTimeOffset.TryParse((string?)properties?["startTime"], out var start)
            || !DateTimeOffset.TryParse((string?)properties?["endTime"], out var end)) return null;
        var reply = await job.GetJobAsync(cancellationToken);
        if (reply.Status != 200) throw ReadError($"Reading job {job.Id.Name}", reply);
        var seconds = JsonNode.Parse(reply.Content.ToString())?["properties"]?["configuration"]?["replicaTimeout"]?.GetValue<int>();
        if (seconds is not > 0) return null;
        var timeout = TimeSpan.FromSeconds(seconds.Value);
        return end - start >= timeout - TimeSpan.FromSeconds(1) ? timeout : null;
    }

    private sealed record Claim(StartIntent Intent, ETag? Winner);

    /// <summary>
    /// Claims the launch: creates the intent (If-None-Match: *) or replaces one whose execution is known or whose claim
    /// is stale (If-Match). A fresh claim of another delivery, or losing either race, returns that claim with no winner.
    /// </summary>
    private async Task<Claim> ClaimAsync(JobSpec spec, CancellationToken cancellationToken)
    {
        var blob = storage.BlobIn(spec.OutputUri, IntentFile(spec.Name));
        await blob.GetParentBlobContainerClient().CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        var mine = new StartIntent(spec.Name, Guid.NewGuid().ToString("N"), DateTimeOffset.UtcNow, null);
        for (var attempt = 0; attempt < 3; attempt++)
        {
            StartIntent? current = null;
            ETag? etag = null;
            try
            {
                var content = await blob.DownloadContentAsync(cancellationToken);
                current = QcsJson.Deserialize<StartIntent>(content.Value.Content.ToString(), blob.Uri.AbsoluteUri);
                etag = content.Value.Details.ETag;
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
            }
            if (current is { ExecutionName: null } && DateTimeOffset.UtcNow - current.ClaimedUtc < ClaimLifetime)
                return new Claim(current, null);
            if (await blob.TryUploadAsync(BinaryData.FromString(QcsJson.Serialize(mine)), etag, cancellationToken) is { } written)
                return new Claim(mine, written);
            // Another delivery wrote first: read its claim again.
        }
        throw new JobLaunchException(LaunchOutcome.TransientError, $"Could not claim the start of {spec.Name}: its start intent kept changing.");
    }

    /// <summary>Gives the claim up after a refused start, so the next attempt need not wait for it to go stale.</summary>
    private async Task ReleaseAsync(JobSpec spec, ETag? claim, CancellationToken cancellationToken)
    {
        try
        {
            await storage.BlobIn(spec.OutputUri, IntentFile(spec.Name))
                .DeleteIfExistsAsync(conditions: new BlobRequestConditions { IfMatch = claim }, cancellationToken: cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 412)
        {
        }
    }

    private async Task RecordAsync(JobSpec spec, Claim claim, string execution, CancellationToken cancellationToken)
    {
        // Null when replaced meanwhile (a stale claim taken over): the execution list stays the truth.
        await storage.BlobIn(spec.OutputUri, IntentFile(spec.Name)).TryUploadAsync(
            BinaryData.FromString(QcsJson.Serialize(claim.Intent with { ExecutionName = execution })), claim.Winner, cancellationToken);
    }

    private static JobHandle Handle(JobSpec spec, string execution, DateTimeOffset started) =>
        new(spec.Name, $"{(spec.Kind == JobKind.Stage ? "stage" : "train")}/{execution}", spec.OutputUri, started);

    private ContainerAppsJobResource Job(JobKind kind)
    {
        var id = kind == JobKind.Stage ? settings.StageJobResourceId ?? settings.TrainJobResourceId : settings.TrainJobResourceId;
        return new ContainerAppsJobResource(arm, new ResourceIdentifier(id!));
    }

    private (ContainerAppsJobResource Job, string Name) Split(JobHandle handle)
    {
        var slash = handle.ExecutionId.IndexOf('/');
        if (slash < 0) throw new ArgumentException($"Execution id '{handle.ExecutionId}' of {handle.JobName} is not 'train/<name>' or 'stage/<name>'.");
        var kind = handle.ExecutionId[..slash] == "stage" ? JobKind.Stage : JobKind.Train;
        return (Job(kind), handle.ExecutionId[(slash + 1)..]);
    }

    private static string? ExecutionName(ArmReply response)
    {
        if (response.Content.ToMemory().Length == 0) return null;
        try { return JsonNode.Parse(response.Content.ToString())?["name"]?.GetValue<string>(); }
        catch (JsonException) { return null; }
    }

    private static ArmCallException ReadError(string what, ArmReply reply) => new(reply.Status, reply.Status is 401 or 403
        ? $"{what}: HTTP {reply.Status}: ARM refused the host's identity (a credential or role assignment problem, not the job): {reply.Content}"
        : $"{what}: HTTP {reply.Status}: {reply.Content}");

    private static JobLaunchException Refusal(JobSpec spec, int status, string detail, Exception? inner)
    {
        var kind = status switch
        {
            429 or 503 => LaunchOutcome.CapacityRefused,
            401 or 403 => LaunchOutcome.Unauthorized,
            408 or 409 or >= 500 => LaunchOutcome.TransientError,
            >= 400 and < 500 => LaunchOutcome.InvalidRequest,
            _ => LaunchOutcome.TransientError,
        };
        var text = detail.Length > 400 ? detail[..400] + " ..." : detail;
        var why = kind == LaunchOutcome.Unauthorized ? " (ARM refused the host's identity: check its credential and role on the job)" : "";
        return new JobLaunchException(kind, $"Container Apps refused to start {spec.Name}: HTTP {status}{why}: {text}", inner);
    }

    /// <summary>One entry of <c>GET {job}/executions</c>.</summary>
    private sealed record Execution(JsonObject Json)
    {
        public string Name => (string?)Json["name"] ?? "";
        public string? Status => (string?)Json["properties"]?["status"];
        public bool IsLive => Status is "Running" or "Processing" or "Unknown";
        public DateTimeOffset StartTime => DateTimeOffset.TryParse((string?)Json["properties"]?["startTime"], out var t) ? t : DateTimeOffset.MinValue;
        public string? JobName => Json["properties"]?["template"]?["containers"]?.AsArray()
            .SelectMany(c => c?["env"]?.AsArray() ?? [])
            .FirstOrDefault(e => (string?)e?["name"] == "QCS_JOB_NAME")?["value"]?.GetValue<string>();
    }
}
