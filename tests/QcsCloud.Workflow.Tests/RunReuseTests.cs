using System.Text.Json;
using Microsoft.DurableTask.Client;
using QcsCloud.Core;
using QcsCloud.Workflow.Models;
using QcsCloud.Workflow.Tests.Support;

namespace QcsCloud.Workflow.Tests;

/// <summary>
/// Reuse of succeeded jobs across runs (content key + index under <c>checkpoints/_reuse/</c>) on the in-memory durable host
/// with the fake launcher writing real files to Azurite. Each test uploads its own dataset content (a salt), so no other
/// test's jobs share its keys; the test host's default is <c>never</c>, so the plans here say <c>succeeded</c>.
/// </summary>
[TestClass]
public sealed class RunReuseTests
{
    private static WorkflowHost Host => AssemblyHost.Host;

    private static string NewRunId(string what) => $"{what}-{Guid.NewGuid().ToString("N")[..8]}";

    private static async Task<(OrchestrationMetadata Run, RunResult Result)> RunAsync(RunPlan plan)
    {
        var started = await Host.Api.StartAsync(Host.Client, QcsJson.Serialize(plan), CancellationToken.None);
        Assert.AreEqual(202, started.StatusCode, started.JsonBody);
        var run = await Host.WaitAsync(plan.RunId!);
        Assert.AreEqual(OrchestrationRuntimeStatus.Completed, run.RuntimeStatus, run.FailureDetails?.ErrorMessage ?? run.SerializedOutput);
        return (run, run.ReadOutputAs<RunResult>()!);
    }

    private static async Task UploadAsync(string salt, params string[] datasets)
    {
        foreach (var d in datasets) await TestStorage.UploadDatasetAsync(Host.Storage, d, salt);
    }

    private static List<string> TrainLaunches(string runId) =>
        Host.Launcher.Launches.Where(s => s.Name.StartsWith(runId + "-") && s.Kind == JobKind.Train).Select(s => s.Name).ToList();

    private static string Folder(string runId, string dataset, TrainPhase phase, int seed) =>
        Host.Storage.FolderUri(BlobLayout.CheckpointsContainer, BlobLayout.CheckpointPrefix(runId, dataset, phase, seed));

    private static Task<JobOutcome?> OutcomeAsync(string runId, string dataset, TrainPhase phase, int seed) =>
        Host.Storage.ReadJsonAsync<JobOutcome>(Folder(runId, dataset, phase, seed), RunLayout.OutcomeFile, CancellationToken.None);

    [TestMethod]
    public async Task The_same_plan_with_one_more_seed_launches_only_the_new_seeds_jobs_and_marks_the_others_reused_with_the_GPU_hours_saved()
    {
        var salt = Guid.NewGuid().ToString("N");
        await UploadAsync(salt, "affectnet8", "rafdb");
        var first = new RunPlan(RunId: NewRunId("reusea"), Datasets: ["affectnet8", "rafdb"], FineTuneTargets: ["rafdb"], Seeds: [1, 2],
            MaxConcurrentJobs: 4, Reuse: RunPlan.ReuseSucceeded);
        Host.Launcher.Script($"{first.RunId}-affectnet8-pretrain-s1", new JobScript { Accuracy = 0.7 });
        var (_, firstResult) = await RunAsync(first);
        Assert.AreEqual(6, TrainLaunches(first.RunId!).Count, "nothing to reuse yet: every job of the first run launches");
        Assert.AreEqual(0, firstResult.JobsReused);

        var second = first with { RunId = NewRunId("reuseb"), Seeds = [1, 2, 3] };
        var preview = JsonDocument.Parse((await Host.Api.PreviewAsync(QcsJson.Serialize(second), CancellationToken.None)).JsonBody!).RootElement;
        var wouldReuse = preview.GetProperty("jobs").EnumerateArray().Where(j => j.TryGetProperty("reusedFrom", out _))
            .Select(j => j.GetProperty("name").GetString()).ToList();
        CollectionAssert.AreEquivalent(
            new[] { 1, 2 }.SelectMany(s => new[] { $"{second.RunId}-affectnet8-pretrain-s{s}", $"{second.RunId}-rafdb-pretrain-s{s}" }).ToArray(), wouldReuse,
            "the preview names the pretrain jobs a start would reuse (fine-tunes depend on the seed phase 1 selects)");
        var (_, result) = await RunAsync(second);

        var run = second.RunId!;
        CollectionAssert.AreEquivalent(
            new[] { $"{run}-affectnet8-pretrain-s3", $"{run}-rafdb-pretrain-s3", $"{run}-rafdb-finetune-s3" }, TrainLaunches(run),
            "only the new seed's jobs launch (each once); seeds 1 and 2 have the first run's keys (fine-tunes: the same best.ckpt)");
        Assert.AreEqual((9, 6, 0), (result.JobsSucceeded, result.JobsReused, result.JobsFailed));
        var reused = new[] { ("affectnet8", TrainPhase.Pretrain), ("rafdb", TrainPhase.Pretrain), ("rafdb", TrainPhase.FineTune) }
            .SelectMany(j => new[] { 1, 2 }.Select(seed => (j.Item1, j.Item2, seed))).ToList();
        var expectedSaved = 0.0;
        foreach (var (dataset, phase, seed) in reused)
        {
            var source = (await OutcomeAsync(first.RunId!, dataset, phase, seed))!;
            var outcome = (await OutcomeAsync(run, dataset, phase, seed))!;
            Assert.AreEqual(JobOutcomeState.Succeeded, outcome.State);
            StringAssert.Contains(outcome.ReusedFrom, source.JobName, $"{dataset} {phase} s{seed} names its source job");
            Assert.AreEqual(source.GpuHours, outcome.GpuHoursSaved!.Value, 1e-12, "saved: the source job's GPU-hours");
            Assert.IsTrue(await Host.Storage.BlobIn(Folder(run, dataset, phase, seed), BlobLayout.BestCheckpointFile).ExistsAsync(),
                "the source's outputs were copied into the reused job's own folder");
            expectedSaved += source.GpuHours;
        }
        Assert.IsTrue(expectedSaved > 0, "the first run's jobs took time");
        Assert.AreEqual(expectedSaved, result.GpuHoursSaved, 1e-9);
        var fineTune = Host.Launcher.Launches.Single(s => s.Name == $"{run}-rafdb-finetune-s3").Arguments.ToList();
        StringAssert.EndsWith(fineTune[fineTune.IndexOf("--finetune-from") + 1], $"checkpoints/{run}/affectnet8/pretrain/seed-1/best.ckpt",
            "the new seed fine-tunes from the best seed's reused copy in its own run");

        var view = JsonDocument.Parse((await Host.Api.GetAsync(Host.Client, run, CancellationToken.None)).JsonBody!).RootElement;
        var progress = view.GetProperty("progress");
        Assert.AreEqual(6, progress.GetProperty("jobsReused").GetInt32(), progress.ToString());
        Assert.AreEqual(expectedSaved, progress.GetProperty("gpuHoursSaved").GetDouble(), 1e-9);
        var job = view.GetProperty("jobs").EnumerateArray().Single(j => j.GetProperty("name").GetString() == $"{run}-rafdb-pretrain-s2");
        StringAssert.Contains(job.GetProperty("progress").GetProperty("reusedFrom").GetString(), $"{first.RunId}-rafdb-pretrain-s2");

        var report = JsonDocument.Parse((await Host.Storage.Container(BlobLayout.ReportsContainer).GetBlobClient($"{run}/report.json")
            .DownloadContentAsync()).Value.Content.ToString()).RootElement;
        Assert.AreEqual(6, report.GetProperty("budget").GetProperty("jobsReused").GetInt32());
        Assert.AreEqual(expectedSaved, report.GetProperty("budget").GetProperty("gpuHoursSaved").GetDouble(), 1e-9);
        var seed2 = report.GetProperty("datasets").EnumerateArray().Single(d => d.GetProperty("dataset").GetString() == "rafdb")
            .GetProperty("phases")[0].GetProperty("seeds").EnumerateArray().Single(s => s.GetProperty("seed").GetInt32() == 2);
        StringAssert.Contains(seed2.GetProperty("reusedFrom").GetString(), first.RunId);
        var markdown = (await Host.Storage.Container(BlobLayout.ReportsContainer).GetBlobClient($"{run}/report.md").DownloadContentAsync()).Value.Content.ToString();
        StringAssert.Contains(markdown, "reused");
    }

    [TestMethod]
    public async Task Reuse_never_launches_every_job_and_a_changed_recipe_field_or_a_deleted_source_launches_again()
    {
        var salt = Guid.NewGuid().ToString("N");
        await UploadAsync(salt, "rafdb");
        var first = new RunPlan(RunId: NewRunId("reusec"), Datasets: ["rafdb"], FineTuneTargets: [], Seeds: [1, 2], Reuse: RunPlan.ReuseSucceeded);
        await RunAsync(first);
        Assert.AreEqual(2, TrainLaunches(first.RunId!).Count);

        var never = first with { RunId = NewRunId("reused"), Reuse = RunPlan.ReuseNever };
        var (_, neverResult) = await RunAsync(never);
        Assert.AreEqual(2, TrainLaunches(never.RunId!).Count, "reuse: never launches every job");
        Assert.AreEqual(0, neverResult.JobsReused);

        var otherLr = first with { RunId = NewRunId("reusee"), LearningRate = 0.0002 };
        var (_, lrResult) = await RunAsync(otherLr);
        Assert.AreEqual(2, TrainLaunches(otherLr.RunId!).Count, "another lr is another content key: both jobs launch");
        Assert.AreEqual(0, lrResult.JobsReused);

        // The indexed source of seed 1 (the first run's job) loses its success record; seed 2's is intact.
        await Host.Storage.BlobIn(Folder(first.RunId!, "rafdb", TrainPhase.Pretrain, 1), BlobLayout.CompletionFile).DeleteIfExistsAsync();
        var again = first with { RunId = NewRunId("reusef") };
        var (_, againResult) = await RunAsync(again);
        CollectionAssert.AreEqual(new[] { $"{again.RunId}-rafdb-pretrain-s1" }, TrainLaunches(again.RunId!),
            "a source without its success record is not reused: that job launches, the other is reused");
        Assert.AreEqual(1, againResult.JobsReused);
    }

    [TestMethod]
    public async Task A_reuse_value_other_than_succeeded_or_never_is_refused_with_400_naming_the_field()
    {
        var body = $$"""{"runId": "{{NewRunId("reuseg")}}", "datasets": ["rafdb"], "fineTuneTargets": [], "reuse": "sometimes"}""";

        var answer = await Host.Api.StartAsync(Host.Client, body, CancellationToken.None);

        Assert.AreEqual(400, answer.StatusCode, answer.JsonBody);
        var problem = JsonDocument.Parse(answer.JsonBody!).RootElement.GetProperty("problems").EnumerateArray().Single().GetString();
        StringAssert.StartsWith(problem, "reuse 'sometimes' is unknown: use \"succeeded\"");
    }
}
