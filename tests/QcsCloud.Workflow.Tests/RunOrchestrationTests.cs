using System.Text.Json;
using Microsoft.DurableTask.Client;
using QcsCloud.Core;
using QcsCloud.Workflow.Models;
using QcsCloud.Workflow.Tests.Support;

namespace QcsCloud.Workflow.Tests;

/// <summary>Whole runs on the in-memory durable host with the fake launcher writing real files to Azurite.</summary>
[TestClass]
public sealed class RunOrchestrationTests
{
    private static WorkflowHost Host => AssemblyHost.Host;

    private static string NewRunId(string what) => $"{what}-{Guid.NewGuid().ToString("N")[..8]}";

    private static async Task<(OrchestrationMetadata Run, RunResult? Result)> RunAsync(RunPlan plan, params string[] datasets)
    {
        foreach (var d in datasets) await TestStorage.UploadDatasetAsync(Host.Storage, d);
        var started = await Host.Api.StartAsync(Host.Client, QcsJson.Serialize(plan), CancellationToken.None);
        Assert.AreEqual(202, started.StatusCode, started.JsonBody);
        var run = await Host.WaitAsync(plan.RunId!);
        return (run, run.RuntimeStatus == OrchestrationRuntimeStatus.Completed ? run.ReadOutputAs<RunResult>() : null);
    }

    private static Task<JobOutcome?> OutcomeAsync(string runId, string dataset, TrainPhase phase, int seed) =>
        Host.Storage.ReadJsonAsync<JobOutcome>(
            Host.Storage.FolderUri(BlobLayout.CheckpointsContainer, BlobLayout.CheckpointPrefix(runId, dataset, phase, seed)),
            RunLayout.OutcomeFile, CancellationToken.None);

    [TestMethod]
    public async Task A_run_pretrains_every_seed_then_fine_tunes_from_the_best_affectnet8_seed()
    {
        var runId = NewRunId("chain");
        Host.Launcher.Script($"{runId}-affectnet8-pretrain-s1", new JobScript { Accuracy = 0.61 });
        Host.Launcher.Script($"{runId}-affectnet8-pretrain-s2", new JobScript { Accuracy = 0.66 });
        Host.Launcher.Script($"{runId}-affectnet8-pretrain-s3", new JobScript { Accuracy = 0.64 });
        var plan = new RunPlan(RunId: runId, Datasets: ["affectnet8", "rafdb"], FineTuneTargets: ["rafdb"], Seeds: [1, 2, 3], MaxConcurrentJobs: 3);

        var (run, result) = await RunAsync(plan, "affectnet8", "rafdb");

        Assert.AreEqual(OrchestrationRuntimeStatus.Completed, run.RuntimeStatus, run.FailureDetails?.ErrorMessage ?? run.SerializedOutput);
        Assert.AreEqual(9, result!.JobsSucceeded);
        Assert.AreEqual("affectnet8 seed 2", result.BestPretrain);
        var fineTunes = Host.Launcher.Launches.Where(s => s.Name.StartsWith(runId) && s.Name.Contains("-finetune-")).ToList();
        Assert.AreEqual(3, fineTunes.Count);
        foreach (var spec in fineTunes)
        {
            var args = spec.Arguments.ToList();
            StringAssert.EndsWith(args[args.IndexOf("--finetune-from") + 1], $"checkpoints/{runId}/affectnet8/pretrain/seed-2/best.ckpt");
            Assert.AreEqual("rafdb", args[args.IndexOf("--dataset") + 1]);
            StringAssert.Contains(args[args.IndexOf("--data") + 1], "staging/rafdb/");
        }
        var report = await Host.Api.GetReportAsync(Host.Client, runId, null, CancellationToken.None);
        Assert.AreEqual(200, report.StatusCode);
        using var reader = new StreamReader(report.Body!);
        var html = await reader.ReadToEndAsync();
        Assert.AreEqual("text/html; charset=utf-8", report.ContentType, $"report.html is served by default; got {html}");
        StringAssert.Contains(html, runId);
        Assert.IsFalse(html.Contains("could not be rendered"), "the full report rendered");
        var json = await Host.Storage.Container(BlobLayout.ReportsContainer).GetBlobClient($"{runId}/report.json").DownloadContentAsync();
        var rendered = QcsJson.Deserialize<Reports.RunReport>(json.Value.Content.ToString(), "report.json");
        Assert.AreEqual(3, rendered.Datasets.Single(d => d.Dataset == "rafdb").Phases.Single(p => p.Phase == TrainPhase.FineTune).Seeds.Count);
    }

    [TestMethod]
    public async Task A_grid_of_three_modes_trains_every_arm_and_fine_tunes_each_from_its_own_best_affectnet8_seed()
    {
        var runId = NewRunId("grid");
        var bestSeed = new Dictionary<string, int> { ["baseline"] = 1, ["dcs"] = 2, ["qcs"] = 3 };
        foreach (var (arm, best) in bestSeed)
        {
            Host.Launcher.Script($"{runId}-{arm}-affectnet8-pretrain-s{best}", new JobScript { Accuracy = 0.70 });
            foreach (var seed in new[] { 1, 2, 3 })
                Host.Launcher.Script($"{runId}-{arm}-rafdb-finetune-s{seed}", new JobScript { Accuracy = 0.60 + 0.05 * (int)Enum.Parse<TrainingMode>(arm, true) + 0.01 * seed * (int)Enum.Parse<TrainingMode>(arm, true) });
        }
        var plan = new RunPlan(RunId: runId, Modes: [TrainingMode.Baseline, TrainingMode.Dcs, TrainingMode.Qcs], Datasets: ["affectnet8", "rafdb"],
            FineTuneTargets: ["rafdb"], Seeds: [1, 2, 3], MaxConcurrentJobs: 4, Network: "tiny");

        var (run, result) = await RunAsync(plan, "affectnet8", "rafdb");

        Assert.AreEqual(OrchestrationRuntimeStatus.Completed, run.RuntimeStatus, run.FailureDetails?.ErrorMessage ?? run.SerializedOutput);
        Assert.AreEqual(3 * 3 * 3, result!.JobsSucceeded, "3 modes x (2 pretrain datasets + 1 fine-tune target) x 3 seeds");
        Assert.AreEqual("baseline: affectnet8 seed 1; dcs: affectnet8 seed 2; qcs: affectnet8 seed 3", result.BestPretrain);
        var launches = Host.Launcher.Launches.Where(s => s.Name.StartsWith(runId) && s.Kind == JobKind.Train).ToList();
        Assert.AreEqual(27, launches.Count);
        Assert.AreEqual(27, launches.Select(s => s.Name).Distinct().Count(), "no job ran twice");
        Assert.IsTrue(Host.Launcher.Launches.Count(s => s.Name.StartsWith(runId) && s.Kind == JobKind.Stage) <= 2,
            "staging is once per dataset content, not per arm (none when an earlier run staged the same content)");
        var view = await Host.Api.GetAsync(Host.Client, runId, CancellationToken.None);
        var jobs = JsonDocument.Parse(view.JsonBody!).RootElement.GetProperty("jobs").EnumerateArray()
            .Where(j => j.GetProperty("kind").GetString() == "Train").ToList();
        Assert.AreEqual(27, jobs.Count, "the run status lists every arm's jobs");
        Assert.IsTrue(jobs.All(j => j.GetProperty("runtimeStatus").GetString() == "Completed"), view.JsonBody);
        CollectionAssert.AreEquivalent(new[] { "baseline", "dcs", "qcs" }, jobs.Select(j => j.GetProperty("arm").GetString()).Distinct().ToArray());
        foreach (var (arm, best) in bestSeed)
        {
            var armLaunches = launches.Where(s => s.Name.StartsWith($"{runId}-{arm}-")).ToList();
            Assert.AreEqual(9, armLaunches.Count, arm);
            foreach (var spec in armLaunches)
            {
                var args = spec.Arguments.ToList();
                Assert.AreEqual(arm, args[args.IndexOf("--mode") + 1], spec.Name);
                StringAssert.Contains(spec.OutputUri, $"checkpoints/{runId}/{arm}/", "each arm has its own checkpoint folder");
                if (spec.Name.Contains("-finetune-"))
                    StringAssert.EndsWith(args[args.IndexOf("--finetune-from") + 1], $"checkpoints/{runId}/{arm}/affectnet8/pretrain/seed-{best}/best.ckpt",
                        "an arm fine-tunes from its own best AffectNet-8 seed");
            }
        }
        var json = await Host.Storage.Container(BlobLayout.ReportsContainer).GetBlobClient($"{runId}/report.json").DownloadContentAsync();
        var report = QcsJson.Deserialize<Reports.RunReport>(json.Value.Content.ToString(), "report.json");
        var tables = Reports.AblationTable.Of(report);
        CollectionAssert.AreEqual(new[] { "affectnet8 Pretrain", "rafdb Pretrain", "rafdb FineTune" }, tables.Select(t => $"{t.Dataset} {t.Phase}").ToArray());
        var fineTune = tables[2];
        CollectionAssert.AreEqual(new[] { "baseline", "dcs", "qcs" }, fineTune.Rows.Select(r => r.Arm).ToArray());
        Assert.AreEqual(0.10 + 0.02 * 2, fineTune.Rows[2].VersusBaseline!.Mean, 1e-9, "qcs minus baseline, paired by seed");
        Assert.AreEqual(3, fineTune.Rows[2].VersusBaseline!.Pairs);
        var html = await Host.Storage.Container(BlobLayout.ReportsContainer).GetBlobClient($"{runId}/report.html").DownloadContentAsync();
        StringAssert.Contains(html.Value.Content.ToString(), "<section id=\"ablation\">");
        var plot = await Host.Api.GetReportAsync(Host.Client, runId, "img/rafdb-finetune-ablation.png", CancellationToken.None);
        Assert.AreEqual(200, plot.StatusCode, "the accuracy-per-mode plot is published beside the report");
    }

    [TestMethod]
    public async Task A_run_posted_again_after_its_history_was_purged_reuses_its_finished_jobs_and_refuses_a_folder_of_another_spec()
    {
        var runId = NewRunId("reuse");
        var plan = new RunPlan(RunId: runId, Datasets: ["rafdb"], FineTuneTargets: [], Seeds: [1, 2], MaxConcurrentJobs: 2);
        int TrainLaunches() => Host.Launcher.Launches.Count(s => s.Name.StartsWith(runId) && s.Kind == JobKind.Train);
        var (first, _) = await RunAsync(plan, "rafdb");
        Assert.AreEqual(OrchestrationRuntimeStatus.Completed, first.RuntimeStatus, first.SerializedOutput);
        Assert.AreEqual(2, TrainLaunches());
        await PurgeAsync(plan);

        var (again, result) = await RunAsync(plan, "rafdb");

        Assert.AreEqual(OrchestrationRuntimeStatus.Completed, again.RuntimeStatus, again.SerializedOutput);
        Assert.AreEqual(2, TrainLaunches(), "both jobs' folders hold a success record of the same spec: nothing launched");
        Assert.AreEqual(2, result!.JobsSucceeded);
        Assert.AreEqual(2, result.JobsReused);
        var view = await Host.Api.GetAsync(Host.Client, runId, CancellationToken.None);
        Assert.AreEqual(2, JsonDocument.Parse(view.JsonBody!).RootElement.GetProperty("progress").GetProperty("jobsReused").GetInt32(), view.JsonBody);

        await PurgeAsync(plan);
        var (other, _) = await RunAsync(plan with { Epochs = 7 }, "rafdb");

        Assert.AreEqual(OrchestrationRuntimeStatus.Failed, other.RuntimeStatus, "nothing usable: the folders hold another spec's models");
        Assert.AreEqual(2, TrainLaunches(), "never launched over a finished job of another spec");
        var refused = await OutcomeAsync(runId, "rafdb", TrainPhase.Pretrain, 1);
        Assert.AreEqual(JobOutcomeState.BadInput, refused!.State);
        StringAssert.Contains(refused.Error, "holds a finished job of another spec");
    }

    /// <summary>Forgets a run's durable history (run, phases, jobs), leaving its blobs: as if it were purged.</summary>
    private static async Task PurgeAsync(RunPlan plan)
    {
        var runId = plan.RunId!;
        var ids = new[] { runId, InstanceIds.Phase(runId, TrainPhase.Pretrain), InstanceIds.Phase(runId, TrainPhase.FineTune) }
            .Concat(PlannedJob.All(runId, plan.WithDefaults()).Select(j => j.InstanceId));
        foreach (var id in ids) await Host.Client.PurgeInstanceAsync(id);
        Assert.IsNull(await Host.Client.GetInstanceAsync(runId), "the run's history is gone");
    }

    [TestMethod]
    public async Task Attention_maps_written_by_a_train_job_appear_in_the_published_report()
    {
        var runId = NewRunId("explain");
        Host.Launcher.Script($"{runId}-rafdb-pretrain-s1", new JobScript { WritesExplain = true });
        // seed 2 writes no explain folder: it must add no figure and break nothing.
        var plan = new RunPlan(RunId: runId, Datasets: ["rafdb"], Seeds: [1, 2], FineTuneTargets: [], ExplainImages: 3);

        var (run, _) = await RunAsync(plan, "rafdb");

        Assert.AreEqual(OrchestrationRuntimeStatus.Completed, run.RuntimeStatus, run.FailureDetails?.ErrorMessage ?? run.SerializedOutput);
        foreach (var spec in Host.Launcher.Launches.Where(s => s.Name.StartsWith(runId) && s.Kind == JobKind.Train))
        {
            var args = spec.Arguments.ToList();
            Assert.AreEqual("3", args[args.IndexOf("--explain") + 1], string.Join(' ', args));
        }
        var json = await Host.Storage.Container(BlobLayout.ReportsContainer).GetBlobClient($"{runId}/report.json").DownloadContentAsync();
        var rendered = QcsJson.Deserialize<Reports.RunReport>(json.Value.Content.ToString(), "report.json");
        var figure = rendered.AttentionMaps?.SingleOrDefault();
        Assert.IsNotNull(figure, json.Value.Content.ToString());
        Assert.AreEqual(("rafdb", 1, (TrainPhase?)TrainPhase.Pretrain), (figure.Dataset, figure.Seed, figure.Phase));
        var png = await Host.Api.GetReportAsync(Host.Client, runId, figure.File, CancellationToken.None);
        Assert.AreEqual(200, png.StatusCode, $"{figure.File} is published beside the report");
        Assert.AreEqual("image/png", png.ContentType);
        var html = await Host.Storage.Container(BlobLayout.ReportsContainer).GetBlobClient($"{runId}/report.html").DownloadContentAsync();
        var text = html.Value.Content.ToString();
        StringAssert.Contains(text, FakeJobLauncher.ExplainCaption("rafdb", 1));
        Assert.IsFalse(text.Contains(FakeJobLauncher.ExplainCaption("rafdb", 2)));
        Assert.IsFalse(text.Contains("could not be rendered"), "the full report rendered");
    }

    [TestMethod]
    public async Task Explain_images_0_and_baseline_runs_pass_no_explain_option()
    {
        var runId = NewRunId("noexplain");
        var plan = new RunPlan(RunId: runId, Datasets: ["rafdb"], Seeds: [1], FineTuneTargets: [], ExplainImages: 0);
        var baseline = (plan with { ExplainImages = null, Mode = TrainingMode.Baseline }).WithDefaults();
        var input = new RunInput(runId, baseline, Host.Storage.ServiceUri, null!);

        var (run, _) = await RunAsync(plan, "rafdb");

        Assert.AreEqual(OrchestrationRuntimeStatus.Completed, run.RuntimeStatus, run.FailureDetails?.ErrorMessage ?? run.SerializedOutput);
        var train = Host.Launcher.Launches.Single(s => s.Name.StartsWith(runId) && s.Kind == JobKind.Train);
        CollectionAssert.DoesNotContain(train.Arguments.ToList(), "--explain");
        var baselineArgs = Orchestrators.JobSpecFactory.Train(input, "rafdb", "staging", TrainPhase.Pretrain, 1, null).Arguments.ToList();
        CollectionAssert.DoesNotContain(baselineArgs, "--explain");
        var qcsArgs = Orchestrators.JobSpecFactory.Train(input with { Plan = baseline with { Mode = TrainingMode.Qcs } }, "rafdb", "staging", TrainPhase.Pretrain, 1, null).Arguments.ToList();
        Assert.AreEqual("4", qcsArgs[qcsArgs.IndexOf("--explain") + 1], "default explainImages is 4");
    }

    [TestMethod]
    public async Task The_same_dataset_content_is_staged_once_across_runs()
    {
        var salt = Guid.NewGuid().ToString("N");
        await TestStorage.UploadDatasetAsync(Host.Storage, "ferplus", salt);
        var first = NewRunId("stage1");
        var second = NewRunId("stage2");

        foreach (var runId in new[] { first, second })
        {
            var (run, _) = await RunAsync(new RunPlan(RunId: runId, Datasets: ["ferplus"], Seeds: [1], FineTuneTargets: []));
            Assert.AreEqual(OrchestrationRuntimeStatus.Completed, run.RuntimeStatus);
        }

        Assert.AreEqual(1, Host.Launcher.LaunchCount(RunLayout.StageJobName(first, "ferplus")));
        Assert.AreEqual(0, Host.Launcher.LaunchCount(RunLayout.StageJobName(second, "ferplus")), "content already staged: no second pack job");
        var stage = Host.Launcher.Launches.Single(s => s.Name == RunLayout.StageJobName(first, "ferplus"));
        CollectionAssert.AreEqual(new[] { "pack", "--dataset", "ferplus", "--data" }, stage.Arguments.Take(4).ToArray());
    }

    [TestMethod]
    public async Task Two_runs_staging_the_same_content_at_once_share_one_pack_job()
    {
        var salt = Guid.NewGuid().ToString("N");
        await TestStorage.UploadDatasetAsync(Host.Storage, "ferplus", salt);
        var first = NewRunId("share1");
        var second = NewRunId("share2");
        // A slow pack: both runs ask for staging while it runs.
        foreach (var runId in new[] { first, second })
            Host.Launcher.Script(RunLayout.StageJobName(runId, "ferplus"), new JobScript { Duration = TimeSpan.FromSeconds(1) });

        var starts = await Task.WhenAll(new[] { first, second }.Select(runId => Host.Api.StartAsync(Host.Client,
            QcsJson.Serialize(new RunPlan(RunId: runId, Datasets: ["ferplus"], Seeds: [1], FineTuneTargets: [])), CancellationToken.None)));
        var runs = await Task.WhenAll(Host.WaitAsync(first), Host.WaitAsync(second));

        Assert.IsTrue(starts.All(r => r.StatusCode == 202), string.Join("\n", starts.Select(r => r.JsonBody)));
        foreach (var run in runs)
            Assert.AreEqual(OrchestrationRuntimeStatus.Completed, run.RuntimeStatus, run.FailureDetails?.ErrorMessage ?? run.SerializedOutput);
        var packs = Host.Launcher.Launches.Count(s => s.Kind == JobKind.Stage && (s.Name.StartsWith(first) || s.Name.StartsWith(second)));
        Assert.AreEqual(1, packs, "one pack job for one content hash, whichever run claimed it");
        foreach (var runId in new[] { first, second })
        {
            var record = await Host.Storage.ReadJsonAsync<JobOutcome>(
                Host.Storage.FolderUri(BlobLayout.CheckpointsContainer, RunLayout.StagingOutcomePrefix(runId, "ferplus")), RunLayout.OutcomeFile, CancellationToken.None);
            Assert.AreEqual(JobOutcomeState.Succeeded, record!.State, $"{runId} records the shared staging for its report");
        }
    }

    [TestMethod]
    public async Task A_crashed_job_is_retried_and_a_preemption_does_not_count_as_a_failure()
    {
        var runId = NewRunId("retry");
        // MaxAttempts 2: a crash (3), then a preemption (130), then success. Counting the preemption would give up.
        Host.Launcher.Script($"{runId}-rafdb-pretrain-s1", new JobScript { ExitCodes = [3, 130, 0] });
        var plan = new RunPlan(RunId: runId, Datasets: ["rafdb"], Seeds: [1], FineTuneTargets: [], MaxAttempts: 2);

        var (run, result) = await RunAsync(plan, "rafdb");

        Assert.AreEqual(OrchestrationRuntimeStatus.Completed, run.RuntimeStatus, run.SerializedOutput);
        Assert.AreEqual(1, result!.JobsSucceeded);
        var outcome = await OutcomeAsync(runId, "rafdb", TrainPhase.Pretrain, 1);
        Assert.AreEqual(JobOutcomeState.Succeeded, outcome!.State);
        Assert.AreEqual(3, outcome.Attempts);
        Assert.AreEqual(1, outcome.Preemptions);
        Assert.AreEqual(3, Host.Launcher.LaunchCount($"{runId}-rafdb-pretrain-s1"));
    }

    [TestMethod]
    public async Task A_job_that_keeps_failing_is_given_up_and_the_run_completes_with_the_failure_recorded()
    {
        var runId = NewRunId("giveup");
        Host.Launcher.Script($"{runId}-rafdb-pretrain-s2", new JobScript { ExitCodes = [3] });
        var plan = new RunPlan(RunId: runId, Datasets: ["rafdb"], Seeds: [1, 2], FineTuneTargets: [], MaxAttempts: 3);

        var (run, result) = await RunAsync(plan, "rafdb");

        Assert.AreEqual(OrchestrationRuntimeStatus.Completed, run.RuntimeStatus, run.SerializedOutput);
        Assert.AreEqual(1, result!.JobsSucceeded);
        Assert.AreEqual(1, result.JobsFailed);
        Assert.AreEqual(3, Host.Launcher.LaunchCount($"{runId}-rafdb-pretrain-s2"));
        var outcome = await OutcomeAsync(runId, "rafdb", TrainPhase.Pretrain, 2);
        Assert.AreEqual(JobOutcomeState.GaveUp, outcome!.State);
        StringAssert.Contains(outcome.Error, "Gave up after 3 failed attempts");
        var view = await Host.Api.GetAsync(Host.Client, runId, CancellationToken.None);
        StringAssert.Contains(view.JsonBody, "\"state\": \"GaveUp\"");
    }

    [TestMethod]
    public async Task Bad_input_exit_2_fails_fast_and_a_run_with_nothing_usable_fails()
    {
        var runId = NewRunId("bad");
        Host.Launcher.Script($"{runId}-rafdb-pretrain-", new JobScript { ExitCodes = [2] });
        var plan = new RunPlan(RunId: runId, Datasets: ["rafdb"], Seeds: [1, 2], FineTuneTargets: [], MaxAttempts: 3);

        var (run, _) = await RunAsync(plan, "rafdb");

        Assert.AreEqual(OrchestrationRuntimeStatus.Failed, run.RuntimeStatus);
        StringAssert.Contains(run.FailureDetails?.ErrorMessage ?? run.SerializedOutput, "produced no usable model");
        Assert.AreEqual(1, Host.Launcher.LaunchCount($"{runId}-rafdb-pretrain-s1"), "exit 2 is not retried");
        Assert.AreEqual(JobOutcomeState.BadInput, (await OutcomeAsync(runId, "rafdb", TrainPhase.Pretrain, 1))!.State);
        Assert.AreEqual(200, (await Host.Api.GetReportAsync(Host.Client, runId, "report.json", CancellationToken.None)).StatusCode,
            "a failed run still gets its report");
    }

    [TestMethod]
    public async Task Capacity_refusals_wait_without_counting_as_failures()
    {
        var runId = NewRunId("capacity");
        Host.Launcher.Script($"{runId}-rafdb-pretrain-s1", new JobScript { CapacityRefusals = 4 });
        var plan = new RunPlan(RunId: runId, Datasets: ["rafdb"], Seeds: [1], FineTuneTargets: [], MaxAttempts: 1);

        var (run, result) = await RunAsync(plan, "rafdb");

        Assert.AreEqual(OrchestrationRuntimeStatus.Completed, run.RuntimeStatus, run.SerializedOutput);
        Assert.AreEqual(1, result!.JobsSucceeded);
        Assert.AreEqual(1, Host.Launcher.LaunchCount($"{runId}-rafdb-pretrain-s1"));
    }

    [TestMethod]
    public async Task The_sliding_window_never_runs_more_jobs_than_the_concurrency_limit()
    {
        var runId = NewRunId("window");
        Host.Launcher.Script($"{runId}-", new JobScript { Duration = TimeSpan.FromMilliseconds(300) });
        var plan = new RunPlan(RunId: runId, Datasets: ["rafdb", "ferplus"], Seeds: [1, 2, 3], FineTuneTargets: [], MaxConcurrentJobs: 2);

        var (run, result) = await RunAsync(plan, "rafdb", "ferplus");

        Assert.AreEqual(OrchestrationRuntimeStatus.Completed, run.RuntimeStatus, run.SerializedOutput);
        Assert.AreEqual(6, result!.JobsSucceeded);
        // Counted from this run's own job starts and ends: other tests' jobs in the shared fake launcher do not count.
        Assert.AreEqual(2, Host.Launcher.MaxRunning($"{runId}-"), "this run's jobs running at once (6 jobs of 300 ms, window 2)");
    }

    [TestMethod]
    public async Task A_missing_dataset_is_reported_and_the_other_datasets_still_train()
    {
        var runId = NewRunId("missing");
        await TestStorage.UploadDatasetAsync(Host.Storage, "rafdb");
        var plan = new RunPlan(RunId: runId, Datasets: ["rafdb"], Seeds: [1], FineTuneTargets: []).WithDefaults();
        // Started directly (the API refuses missing datasets): the blobs vanish between the request and staging.
        var input = new RunInput(runId, plan with { Datasets = ["rafdb", "affectnet7"] }, Host.Storage.ServiceUri,
            RunStopTests.TestPolicy(),
            Host.Storage.ContainerPrefix);
        await Host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(Orchestrators.TrainingRunOrchestratorV2), input,
            new Microsoft.DurableTask.StartOrchestrationOptions(runId));

        var run = await Host.WaitAsync(runId);

        Assert.AreEqual(OrchestrationRuntimeStatus.Completed, run.RuntimeStatus, run.SerializedOutput);
        var result = run.ReadOutputAs<RunResult>()!;
        Assert.AreEqual(1, result.JobsSucceeded);
        Assert.AreEqual(1, result.JobsSkipped);
        var outcome = await OutcomeAsync(runId, "affectnet7", TrainPhase.Pretrain, 1);
        Assert.AreEqual(JobOutcomeState.Skipped, outcome!.State);
        StringAssert.Contains(outcome.Error, "datasets/affectnet7/ holds no blobs");
    }

    [TestMethod]
    public async Task A_long_job_continues_as_new_between_polls_and_is_launched_once()
    {
        var runId = NewRunId("long");
        // 5 steps per generation: a job that runs through 12 polls spans three generations.
        Host.Launcher.Script($"{runId}-rafdb-pretrain-s1", new JobScript { PollsUntilDone = 12 });
        var plan = new RunPlan(RunId: runId, Datasets: ["rafdb"], Seeds: [1], FineTuneTargets: []);

        var (run, result) = await RunAsync(plan, "rafdb");

        Assert.AreEqual(OrchestrationRuntimeStatus.Completed, run.RuntimeStatus, run.SerializedOutput);
        Assert.AreEqual(1, result!.JobsSucceeded);
        var job = await Host.Client.GetInstanceAsync(InstanceIds.TrainJob(runId, "rafdb", TrainPhase.Pretrain, 1), getInputsAndOutputs: true);
        Assert.IsTrue(job!.ReadInputAs<JobInput>()?.Cursor?.Generation >= 2, $"the job orchestration did not continue as new twice: {job.SerializedInput}");
        Assert.AreEqual(1, Host.Launcher.LaunchCount($"{runId}-rafdb-pretrain-s1"));
    }

    [TestMethod]
    public async Task An_activity_that_throws_is_one_failed_job_not_a_failed_run()
    {
        var runId = NewRunId("throws");
        Host.Launcher.Script($"{runId}-rafdb-pretrain-s2", new JobScript { ThrowOnStart = true });
        var plan = new RunPlan(RunId: runId, Datasets: ["rafdb"], Seeds: [1, 2], FineTuneTargets: [], MaxAttempts: 2);

        var (run, result) = await RunAsync(plan, "rafdb");

        Assert.AreEqual(OrchestrationRuntimeStatus.Completed, run.RuntimeStatus, run.FailureDetails?.ErrorMessage ?? run.SerializedOutput);
        Assert.AreEqual(1, result!.JobsSucceeded);
        Assert.AreEqual(1, result.JobsFailed);
        StringAssert.Contains((await OutcomeAsync(runId, "rafdb", TrainPhase.Pretrain, 2))!.Error, "StartJobActivity failed");
    }

    [TestMethod]
    public async Task A_job_event_wakes_the_poll_early_and_the_status_poll_confirms_the_end()
    {
        var runId = NewRunId("event");
        var name = RunLayout.TrainJobName(runId, "rafdb", TrainPhase.Pretrain, 1);
        Host.Launcher.Script(name, new JobScript { PollsUntilDone = 1 });
        var output = Host.Storage.FolderUri(BlobLayout.CheckpointsContainer, BlobLayout.CheckpointPrefix(runId, "rafdb", TrainPhase.Pretrain, 1));
        var spec = new JobSpec(name, JobKind.Train, ["train", "--dataset", "rafdb", "--seed", "1"], output);
        // A 10-minute poll interval: only the event can end this test in time.
        var policy = RunStopTests.TestPolicy() with { PollInterval = TimeSpan.FromMinutes(10), MaxPollsPerGeneration = 50 };
        var instanceId = InstanceIds.TrainJob(runId, "rafdb", TrainPhase.Pretrain, 1);
        await Host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(Orchestrators.JobOrchestratorV2),
            new JobInput(spec, policy, "rafdb", TrainPhase.Pretrain, 1, output), new Microsoft.DurableTask.StartOrchestrationOptions(instanceId));
        using (var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
            while ((await Host.Client.GetInstanceAsync(instanceId, true, cts.Token))?.ReadCustomStatusAs<JobProgress>()?.State != "running")
                await Task.Delay(100, cts.Token);

        await Host.Client.RaiseEventAsync(instanceId, Orchestrators.JobOrchestratorV2.JobEventName, "finished");
        var job = await Host.WaitAsync(instanceId, TimeSpan.FromSeconds(30));

        Assert.AreEqual(OrchestrationRuntimeStatus.Completed, job.RuntimeStatus);
        Assert.AreEqual(JobOutcomeState.Succeeded, job.ReadOutputAs<JobResult>()!.State);
    }
}
