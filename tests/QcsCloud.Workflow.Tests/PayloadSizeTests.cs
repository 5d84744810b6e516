using Microsoft.DurableTask.Client;
using QcsCloud.Core;
using QcsCloud.Workflow.Models;
using QcsCloud.Workflow.Tests.Support;

namespace QcsCloud.Workflow.Tests;

/// <summary>Orchestration inputs, outputs, events and custom status carry ids and URIs only: each stays under 16 KB.</summary>
[TestClass]
public sealed class PayloadSizeTests
{
    private const int Limit = 16 * 1024;

    [TestMethod]
    public async Task No_payload_of_a_40_job_run_exceeds_16_KB()
    {
        var host = AssemblyHost.Host;
        var runId = $"payload-{Guid.NewGuid().ToString("N")[..8]}";
        foreach (var d in new[] { "affectnet8", "rafdb", "ferplus" }) await TestStorage.UploadDatasetAsync(host.Storage, d);
        var plan = new RunPlan(RunId: runId, Datasets: ["affectnet8", "rafdb", "ferplus"], FineTuneTargets: ["rafdb", "ferplus"],
            Seeds: [1, 2, 3, 4, 5, 6, 7, 8], MaxConcurrentJobs: 16);
        host.Launcher.Script($"{runId}-rafdb-pretrain-s3", new JobScript { ExitCodes = [3, 0] });
        host.Payloads.Reset();

        Assert.AreEqual(202, (await host.Api.StartAsync(host.Client, QcsJson.Serialize(plan), CancellationToken.None)).StatusCode);
        var run = await host.WaitAsync(runId, TimeSpan.FromMinutes(2));

        Assert.AreEqual(OrchestrationRuntimeStatus.Completed, run.RuntimeStatus, run.SerializedOutput);
        Assert.AreEqual(40, run.ReadOutputAs<RunResult>()!.JobsSucceeded);
        Assert.IsTrue(host.Payloads.Largest > 100, "the recorder saw no payloads: the test would prove nothing");
        Assert.IsTrue(host.Payloads.Largest < Limit, $"largest payload {host.Payloads.Largest} bytes ({host.Payloads.LargestType})");
    }

    [TestMethod]
    public void The_largest_valid_plan_still_makes_a_run_input_under_16_KB()
    {
        var datasets = new[] { "affectnet8", "rafdb", "ferplus", "affectnet7", "generic" };
        var plan = new RunPlan(RunId: new string('r', 63), Datasets: datasets.Take(3).ToArray(), FineTuneTargets: ["affectnet7", "generic"],
            Seeds: Enumerable.Range(100000, RunPlan.MaxSeeds).ToArray(), Epochs: 1000, FineTuneEpochs: 1000, Recipe: new string('x', 63),
            Init: "https://account.blob.core.windows.net/weights/" + new string('w', 1990), PretrainDataset: "affectnet8").WithDefaults();
        Assert.AreEqual(0, plan.Validate().Count, string.Join("\n", plan.Validate()));
        var policy = new JobPolicy(TimeSpan.FromMinutes(1), 50, 3, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(30), TimeSpan.FromMinutes(5), TimeSpan.FromHours(6), 20,
            TimeSpan.FromHours(24), 10);
        var input = new RunInput(plan.RunId!, plan, "https://account.blob.core.windows.net", policy, "");

        var size = Microsoft.DurableTask.Converters.JsonDataConverter.Default.Serialize(input)!.Length;

        Assert.IsTrue(size < Limit, $"RunInput of the largest plan is {size} bytes");
    }
}
