using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Core;
using Azure.ResourceManager;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using QcsCloud.Core;
using QcsCloud.Workflow.Configuration;

namespace QcsCloud.Workflow.Launchers;

/// <summary>
/// Runs jobs as executions of Azure Container Apps Jobs: <c>POST {job}/start?api-version=2025-07-01</c> with the
/// trainer container overridden (image, <c>qcs</c> arguments, <c>QCS_JOB_NAME</c>/<c>QCS_OUTPUT_URI</c>), status from
/// <c>GET {job}/executions/{name}</c>, cancel through <c>.../stop</c>. Staging runs on the CPU job, training on the GPU
/// job. Refusals map to <see cref="LaunchErrorKind"/>: 429/503 capacity, other 4xx invalid, the rest transient.
/// An execution ends without an exit code: the job's completion record supplies it. A Stopped execution (eviction,
/// cancel) reports exit 130 so the workflow relaunches it to resume from its checkpoint.
/// </summary>
public sealed class ContainerAppsJobLauncher(ArmClient arm, IOptions<JobLauncherOptions> options, ILogger<ContainerAppsJobLauncher> logger)
    : IJobLauncher
{
    private readonly ContainerAppsOptions settings = options.Value.ContainerApps;

    public async Task<JobHandle> StartAsync(JobSpec spec, CancellationToken cancellationToken)
    {
        var job = Job(spec.Kind);
        var args = new JsonArray(spec.Arguments.Select(a => (JsonNode)JsonValue.Create(a)!).ToArray());
        var env = new JsonArray(
            new JsonObject { ["name"] = "QCS_JOB_NAME", ["value"] = spec.Name },
            new JsonObject { ["name"] = "QCS_OUTPUT_URI", ["value"] = spec.OutputUri });
        if (settings.ManagedIdentityClientId is { Length: > 0 } clientId)
            env.Add(new JsonObject { ["name"] = "AZURE_CLIENT_ID", ["value"] = clientId });
        var template = new JsonObject
        {
            ["containers"] = new JsonArray(new JsonObject
            {
                ["name"] = settings.ContainerName,
                ["image"] = settings.Image,
                ["args"] = args,
                ["env"] = env,
            }),
        };

        var response = await job.StartAsync(template, cancellationToken);
        if (response.Status is not (200 or 201 or 202)) throw Refusal(spec, response.Status, response.Content.ToString(), null);

        var name = ExecutionName(response);
        if (name is null && response.Location is { } location)
            for (var i = 0; i < 10 && name is null; i++)
            {
                await Task.Delay(TimeSpan.FromSeconds(i == 0 ? 0 : 1), cancellationToken);
                var poll = await job.GetAsync(new Uri(location), cancellationToken);
                if (poll.Status == 200) name = ExecutionName(poll);
            }
        if (name is null)
            throw new JobLaunchException(LaunchErrorKind.Transient, $"Starting {spec.Name} on {job.Id.Name}: ARM answered {response.Status} without an execution name.");
        logger.LogInformation("Started execution {Execution} of {Job} for {JobName}", name, job.Id.Name, spec.Name);
        return new JobHandle(spec.Name, $"{(spec.Kind == JobKind.Stage ? "stage" : "train")}/{name}", spec.OutputUri, DateTimeOffset.UtcNow);
    }

    public async Task<JobStatus> GetStatusAsync(JobHandle handle, CancellationToken cancellationToken)
    {
        var (job, name) = Split(handle);
        var response = await job.GetExecutionAsync(name, cancellationToken);
        if (response.Status == 404)
            return new JobStatus(JobState.Failed, JobExitCode.Cancelled, $"execution {name} of {job.Id.Name} no longer exists");
        if (response.Status != 200)
            throw new InvalidOperationException($"Reading execution {name} of {job.Id.Name}: HTTP {response.Status}: {response.Content}");
        var status = JsonNode.Parse(response.Content.ToString())?["properties"]?["status"]?.GetValue<string>();
        return status switch
        {
            "Succeeded" => new JobStatus(JobState.Succeeded, 0),
            "Failed" or "Degraded" => new JobStatus(JobState.Failed, null, $"execution {name} of {job.Id.Name} is {status}"),
            "Stopped" => new JobStatus(JobState.Failed, JobExitCode.Cancelled, $"execution {name} of {job.Id.Name} was stopped"),
            "Running" or "Processing" => new JobStatus(JobState.Running),
            _ => new JobStatus(JobState.Pending),
        };
    }

    public async Task CancelAsync(JobHandle handle, CancellationToken cancellationToken)
    {
        var (job, name) = Split(handle);
        var response = await job.StopExecutionAsync(name, cancellationToken);
        // 404/409: already ended or gone.
        if (response.Status is not (200 or 202 or 204 or 404 or 409))
            throw new InvalidOperationException($"Stopping execution {name} of {job.Id.Name}: HTTP {response.Status}: {response.Content}");
    }

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

    private static JobLaunchException Refusal(JobSpec spec, int status, string detail, Exception? inner)
    {
        var kind = status switch
        {
            429 or 503 => LaunchErrorKind.Capacity,
            >= 400 and < 500 => LaunchErrorKind.Invalid,
            _ => LaunchErrorKind.Transient,
        };
        var text = detail.Length > 400 ? detail[..400] + " ..." : detail;
        return new JobLaunchException(kind, $"Container Apps refused to start {spec.Name}: HTTP {status}: {text}", inner);
    }
}
