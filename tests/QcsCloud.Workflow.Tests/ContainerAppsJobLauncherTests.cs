using System.Net;
using System.Text.Json.Nodes;
using Azure.ResourceManager;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using QcsCloud.Core;
using QcsCloud.Workflow.Configuration;
using QcsCloud.Workflow.Launchers;
using QcsCloud.Workflow.Tests.Support;

namespace QcsCloud.Workflow.Tests;

/// <summary>The exact ARM requests of the Container Apps launcher, against a recording fake transport.</summary>
[TestClass]
public sealed class ContainerAppsJobLauncherTests
{
    private const string Rg = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/qcs-rg/providers/Microsoft.App/jobs";
    private const string Arm = "https://management.azure.com";
    private readonly RecordingArmTransport transport = new();

    private ContainerAppsJobLauncher Launcher()
    {
        var options = new ArmClientOptions { Transport = transport };
        options.Retry.MaxRetries = 0;
        var arm = new ArmClient(new FixedTokenCredential(), "00000000-0000-0000-0000-000000000001", options);
        var settings = new JobLauncherOptions
        {
            Kind = JobLauncherKind.ContainerApps,
            ContainerApps = new ContainerAppsOptions
            {
                TrainJobResourceId = $"{Rg}/qcs-train", StageJobResourceId = $"{Rg}/qcs-stage",
                Image = "qcsacr.azurecr.io/qcs:cuda-1", ContainerName = "qcs",
            },
        };
        return new ContainerAppsJobLauncher(arm, Options.Create(settings), NullLogger<ContainerAppsJobLauncher>.Instance);
    }

    private static JobSpec TrainSpec => new("run1-rafdb-pretrain-s1", JobKind.Train,
        ["train", "--dataset", "rafdb", "--seed", "1"], "https://acct.blob.core.windows.net/checkpoints/run1/rafdb/pretrain/seed-1/");

    [TestMethod]
    public async Task Start_posts_the_template_override_to_the_train_job_and_returns_the_execution()
    {
        transport.Respond(HttpStatusCode.OK, "{\"name\":\"qcs-train-x1y2z\",\"id\":\"/x\"}");

        var handle = await Launcher().StartAsync(TrainSpec, CancellationToken.None);

        var request = transport.Requests.Single();
        Assert.AreEqual("POST", request.Method);
        Assert.AreEqual($"{Arm}{Rg}/qcs-train/start?api-version=2025-07-01", request.Uri);
        Assert.AreEqual("Bearer test-token", request.Authorization);
        var container = JsonNode.Parse(request.Body!)!["containers"]![0]!;
        Assert.AreEqual("qcs", (string?)container["name"]);
        Assert.AreEqual("qcsacr.azurecr.io/qcs:cuda-1", (string?)container["image"]);
        CollectionAssert.AreEqual(TrainSpec.Arguments.ToArray(), container["args"]!.AsArray().Select(a => (string?)a).ToArray());
        var env = container["env"]!.AsArray().ToDictionary(e => (string)e!["name"]!, e => (string?)e!["value"]);
        Assert.AreEqual(TrainSpec.Name, env["QCS_JOB_NAME"]);
        Assert.AreEqual(TrainSpec.OutputUri, env["QCS_OUTPUT_URI"]);
        Assert.AreEqual("train/qcs-train-x1y2z", handle.ExecutionId);
    }

    [TestMethod]
    public async Task Staging_jobs_start_on_the_cpu_job_and_a_202_is_followed_to_the_execution_name()
    {
        transport.Respond(HttpStatusCode.Accepted, null, location: $"{Arm}/providers/Microsoft.App/locations/westeurope/jobOperations/op1?api-version=2025-07-01");
        transport.Respond(HttpStatusCode.OK, "{\"name\":\"qcs-stage-abc\"}");

        var handle = await Launcher().StartAsync(TrainSpec with { Kind = JobKind.Stage, Name = "run1-stage-rafdb" }, CancellationToken.None);

        Assert.AreEqual($"{Arm}{Rg}/qcs-stage/start?api-version=2025-07-01", transport.Requests[0].Uri);
        Assert.AreEqual("GET", transport.Requests[1].Method);
        StringAssert.Contains(transport.Requests[1].Uri, "jobOperations/op1");
        Assert.AreEqual("stage/qcs-stage-abc", handle.ExecutionId);
    }

    [TestMethod]
    [DataRow(HttpStatusCode.TooManyRequests, LaunchErrorKind.Capacity)]
    [DataRow(HttpStatusCode.ServiceUnavailable, LaunchErrorKind.Capacity)]
    [DataRow(HttpStatusCode.BadRequest, LaunchErrorKind.Invalid)]
    [DataRow(HttpStatusCode.Forbidden, LaunchErrorKind.Invalid)]
    [DataRow(HttpStatusCode.InternalServerError, LaunchErrorKind.Transient)]
    public async Task A_refused_start_is_classified_for_the_retry_rules(HttpStatusCode status, LaunchErrorKind kind)
    {
        transport.Respond(status, "{\"error\":{\"code\":\"Refused\",\"message\":\"nope\"}}");

        var e = await Assert.ThrowsExactlyAsync<JobLaunchException>(() => Launcher().StartAsync(TrainSpec, CancellationToken.None));

        Assert.AreEqual(kind, e.Kind);
        StringAssert.Contains(e.Message, $"HTTP {(int)status}");
        StringAssert.Contains(e.Message, TrainSpec.Name);
    }

    [TestMethod]
    [DataRow("Running", JobState.Running, null)]
    [DataRow("Processing", JobState.Running, null)]
    [DataRow("Succeeded", JobState.Succeeded, 0)]
    [DataRow("Failed", JobState.Failed, null)]
    [DataRow("Stopped", JobState.Failed, JobExitCode.Cancelled)]
    public async Task Execution_status_is_read_from_the_executions_api(string armStatus, JobState state, int? exitCode)
    {
        transport.Respond(HttpStatusCode.OK, $"{{\"name\":\"qcs-train-x1y2z\",\"properties\":{{\"status\":\"{armStatus}\"}}}}");
        var handle = new JobHandle(TrainSpec.Name, "train/qcs-train-x1y2z", TrainSpec.OutputUri, DateTimeOffset.UtcNow);

        var status = await Launcher().GetStatusAsync(handle, CancellationToken.None);

        Assert.AreEqual("GET", transport.Requests.Single().Method);
        Assert.AreEqual($"{Arm}{Rg}/qcs-train/executions/qcs-train-x1y2z?api-version=2025-07-01", transport.Requests.Single().Uri);
        Assert.AreEqual(state, status.State);
        Assert.AreEqual(exitCode, status.ExitCode);
    }

    [TestMethod]
    public async Task Cancel_stops_the_execution()
    {
        transport.Respond(HttpStatusCode.OK, "{}");
        var handle = new JobHandle("run1-stage-rafdb", "stage/qcs-stage-abc", TrainSpec.OutputUri, DateTimeOffset.UtcNow);

        await Launcher().CancelAsync(handle, CancellationToken.None);

        Assert.AreEqual("POST", transport.Requests.Single().Method);
        Assert.AreEqual($"{Arm}{Rg}/qcs-stage/executions/qcs-stage-abc/stop?api-version=2025-07-01", transport.Requests.Single().Uri);
    }
}
