using System.Text.Json;
using Microsoft.DurableTask.Client;
using QcsCloud.Core;
using QcsCloud.Workflow.Models;
using QcsCloud.Workflow.Orchestrators;
using QcsCloud.Workflow.Tests.Support;

namespace QcsCloud.Workflow.Tests;

/// <summary>
/// Runs and jobs that stop when told: cancel, the GPU-hour budget, attempt deadlines, polls that keep failing, capacity
/// waits measured in time, the window clamped to the launcher's slots. In-memory durable host, fake launcher, real Azurite.
/// </summary>
[TestClass]
public sealed class RunStopTests
{
    private static WorkflowHost Host => AssemblyHost.Host;

    private static string NewRunId(string what) => $"{what}-{Guid.NewGuid().ToString("N")[..8]}";

    private static async Task StartAsync(RunPlan plan, params string[] datasets)
    {
        foreach (var d in datasets) await TestStorage.UploadDatasetAsync(Host.Storage, d);
        var started = await Host.Api.StartAsync(Host.Client, QcsJson.Serialize(plan), CancellationToken.None);
        Assert.AreEqual(202, started.StatusCode, started.JsonBody);
    }

    private static Task<JobOutcome?> OutcomeAsync(string runId, string dataset, TrainPhase phase, int seed, string? arm = null) =>
        Host.Storage.ReadJsonAsync<JobOutcome>(
            Host.Storage.FolderUri(BlobLayout.CheckpointsContainer, BlobLayout.CheckpointPrefix(runId, dataset, phase, seed, arm)),
            RunLayout.OutcomeFile, CancellationToken.None);

    private static int RunLaunches(string runId) => Host.Launcher.Launches.Count(s => s.Name.StartsWith(runId + "-"));

    private static async Task UntilAsync(Func<Task<bool>> condition, string what, int seconds = 60)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        while (!await condition())
        {
            if (cts.IsCancellationRequested) Assert.Fail($"Timed out after {seconds} s waiting for {what}");
            await Task.Delay(100);
        }
    }

    [TestMethod]
    public async Task Cancel_stops_every_running_job_records_Cancelled_launches_nothing_after_and_ends_the_run_Cancelled_with_a_report()
    {
        var runId = NewRunId("cancel");
        Host.Launcher.Script($"{runId}-rafdb-pretrain", new JobScript { Hang = true });
        var plan = new RunPlan(RunId: runId, Datasets: ["rafdb"], Seeds: [1, 2, 3], FineTuneTargets: [], MaxConcurrentJobs: 2);
        await StartAsync(plan, "rafdb");
        var jobs = new[] { 1, 2 }.Select(s => InstanceIds.TrainJob(runId, "rafdb", TrainPhase.Pretrain, s)).ToList();
        await UntilAsync(async () =>
        {
            foreach (var id in jobs)
                if ((await Host.Client.GetInstanceAsync(id, true))?.ReadCustomStatusAs<JobProgress>()?.State != "running") return false;
            return true;
        }, "both jobs running");
        var launchesBefore = RunLaunches(runId);

        var cancel = await Host.Api.CancelAsync(Host.Client, runId, CancellationToken.None);
        var again = await Host.Api.CancelAsync(Host.Client, runId, CancellationToken.None);

        Assert.AreEqual(202, cancel.StatusCode, cancel.JsonBody);
        Assert.AreEqual(202, again.StatusCode, $"a repeated cancel of a running run is accepted again: {again.JsonBody}");
        var run = await Host.WaitAsync(runId);
        Assert.AreEqual(OrchestrationRuntimeStatus.Completed, run.RuntimeStatus, run.SerializedOutput);
        var result = run.ReadOutputAs<RunResult>()!;
        Assert.AreEqual("Cancelled", result.Status);
        Assert.AreEqual((2, 0, 1), (result.JobsStopped, result.JobsFailed, result.JobsSkipped), "the cancelled jobs are stopped, not failed");
        var progress = JsonDocument.Parse((await Host.Api.GetAsync(Host.Client, runId, CancellationToken.None)).JsonBody!).RootElement.GetProperty("progress");
        Assert.AreEqual((2, 0), (progress.GetProperty("jobsStopped").GetInt32(), progress.GetProperty("jobsFailed").GetInt32()), progress.ToString());
        CollectionAssert.AreEquivalent(new[] { $"{runId}-rafdb-pretrain-s1", $"{runId}-rafdb-pretrain-s2" },
            Host.Launcher.Cancelled.Where(n => n.StartsWith(runId)).Distinct().ToArray());
        foreach (var seed in new[] { 1, 2 })
        {
            var outcome = await OutcomeAsync(runId, "rafdb", TrainPhase.Pretrain, seed);
            Assert.AreEqual(JobOutcomeState.Cancelled, outcome!.State, "an exit 130 after a cancel is not a preemption");
            Assert.AreEqual(0, outcome.Preemptions);
            Assert.IsTrue(outcome.GpuHours > 0, "the stopped attempt's time counts");
        }
        var third = await OutcomeAsync(runId, "rafdb", TrainPhase.Pretrain, 3);
        Assert.AreEqual(JobOutcomeState.Skipped, third!.State);
        StringAssert.Contains(third.Error, "cancelled");
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.AreEqual(launchesBefore, RunLaunches(runId), "no launch after the cancel");
        foreach (var id in jobs)
            Assert.IsFalse((await Host.Client.GetInstanceAsync(id))!.IsRunning, $"{id} still runs");
        var report = await Host.Api.GetReportAsync(Host.Client, runId, "report.json", CancellationToken.None);
        Assert.AreEqual(200, report.StatusCode, "a cancelled run still publishes its report");
        using (var reader = new StreamReader(report.Body!))
            Assert.AreEqual(2, JsonDocument.Parse(await reader.ReadToEndAsync()).RootElement.GetProperty("budget").GetProperty("jobsStopped").GetInt32(),
                "the report's totals count the stopped jobs");
        var late = await Host.Api.CancelAsync(Host.Client, runId, CancellationToken.None);
        Assert.AreEqual(409, late.StatusCode);
        StringAssert.Contains(late.JsonBody, "Cancelled");
    }

    /// <summary>A grid of baseline, dcs, qcs on rafdb seed 1 whose jobs never end; the arms share one window of 2, so baseline
    /// and dcs run and qcs waits.</summary>
    private static async Task<string> StartHangingGridAsync(string what, double? budget)
    {
        var runId = NewRunId(what);
        foreach (var arm in new[] { "baseline", "dcs", "qcs" }) Host.Launcher.Script($"{runId}-{arm}-rafdb-pretrain", new JobScript { Hang = true });
        await StartAsync(new RunPlan(RunId: runId, Modes: [TrainingMode.Baseline, TrainingMode.Dcs, TrainingMode.Qcs], Datasets: ["rafdb"], Seeds: [1],
            FineTuneTargets: [], MaxConcurrentJobs: 2, GpuHourBudget: budget), "rafdb");
        return runId;
    }

    [TestMethod]
    public async Task A_grid_cancel_stops_the_running_jobs_of_every_arm_and_records_the_arm_not_started_as_skipped()
    {
        var runId = await StartHangingGridAsync("gridcancel", budget: null);
        var running = new[] { "baseline", "dcs" }.Select(a => InstanceIds.TrainJob(runId, "rafdb", TrainPhase.Pretrain, 1, a)).ToList();
        await UntilAsync(async () =>
        {
            foreach (var id in running)
                if ((await Host.Client.GetInstanceAsync(id, true))?.ReadCustomStatusAs<JobProgress>()?.State != "running") return false;
            return true;
        }, "one job of each of two arms running");

        var cancel = await Host.Api.CancelAsync(Host.Client, runId, CancellationToken.None);

        Assert.AreEqual(202, cancel.StatusCode, cancel.JsonBody);
        var run = await Host.WaitAsync(runId);
        Assert.AreEqual("Cancelled", run.ReadOutputAs<RunResult>()!.Status, run.SerializedOutput);
        CollectionAssert.AreEquivalent(new[] { $"{runId}-baseline-rafdb-pretrain-s1", $"{runId}-dcs-rafdb-pretrain-s1" },
            Host.Launcher.Cancelled.Where(n => n.StartsWith(runId)).Distinct().ToArray());
        foreach (var arm in new[] { "baseline", "dcs" })
            Assert.AreEqual(JobOutcomeState.Cancelled, (await OutcomeAsync(runId, "rafdb", TrainPhase.Pretrain, 1, arm))!.State, arm);
        Assert.AreEqual(0, Host.Launcher.LaunchCount($"{runId}-qcs-rafdb-pretrain-s1"));
        var qcs = await OutcomeAsync(runId, "rafdb", TrainPhase.Pretrain, 1, "qcs");
        Assert.AreEqual(JobOutcomeState.Skipped, qcs!.State, "the arm not started is recorded in its own folder");
        StringAssert.Contains(qcs.Error, "cancelled");
    }

    [TestMethod]
    public async Task The_budget_of_a_grid_counts_every_arm_and_stops_them_all()
    {
        // 0.0002 h = 0.72 s shared by the arms: baseline and dcs run in the one window until it is spent; qcs never starts.
        var runId = await StartHangingGridAsync("gridbudget", budget: 0.0002);

        await Host.WaitAsync(runId);

        foreach (var arm in new[] { "baseline", "dcs" })
        {
            var outcome = await OutcomeAsync(runId, "rafdb", TrainPhase.Pretrain, 1, arm);
            Assert.AreEqual(JobOutcomeState.BudgetStopped, outcome!.State, $"{arm}: {outcome.Error}");
        }
        Assert.AreEqual(0, Host.Launcher.LaunchCount($"{runId}-qcs-rafdb-pretrain-s1"));
        var qcs = await OutcomeAsync(runId, "rafdb", TrainPhase.Pretrain, 1, "qcs");
        Assert.AreEqual(JobOutcomeState.Skipped, qcs!.State);
        StringAssert.Contains(qcs.Error, "GPU-hour budget");
    }

    [TestMethod]
    public async Task The_cancel_marker_alone_stops_a_running_job_and_refuses_every_later_launch()
    {
        var runId = NewRunId("marker");
        Host.Launcher.Script($"{runId}-rafdb-pretrain", new JobScript { Hang = true });
        var plan = new RunPlan(RunId: runId, Datasets: ["rafdb"], Seeds: [1, 2, 3], FineTuneTargets: [], MaxConcurrentJobs: 1);
        await StartAsync(plan, "rafdb");
        await UntilAsync(() => Task.FromResult(Host.Launcher.LaunchCount($"{runId}-rafdb-pretrain-s1") == 1), "seed 1 to launch");

        // No event at all (as if every event were lost): only the marker the cancel writes.
        await Host.Storage.WriteJsonAsync(Host.Storage.FolderUri(BlobLayout.CheckpointsContainer, RunLayout.RunPrefix(runId)),
            RunLayout.CancelFile, new CancelMarker(DateTimeOffset.UtcNow), CancellationToken.None);
        await Host.WaitAsync(runId);

        CollectionAssert.Contains(Host.Launcher.Cancelled.ToList(), $"{runId}-rafdb-pretrain-s1");
        Assert.AreEqual(JobOutcomeState.Cancelled, (await OutcomeAsync(runId, "rafdb", TrainPhase.Pretrain, 1))!.State);
        Assert.AreEqual(0, Host.Launcher.LaunchCount($"{runId}-rafdb-pretrain-s2"));
        Assert.AreEqual(0, Host.Launcher.LaunchCount($"{runId}-rafdb-pretrain-s3"));
        Assert.AreEqual(JobOutcomeState.Cancelled, (await OutcomeAsync(runId, "rafdb", TrainPhase.Pretrain, 3))!.State);
    }

    [TestMethod]
    public async Task When_the_budget_runs_out_running_jobs_are_stopped_as_BudgetStopped_and_no_further_job_is_launched()
    {
        var runId = NewRunId("budget");
        Host.Launcher.Script($"{runId}-rafdb-pretrain", new JobScript { Hang = true });
        // 0.0002 h = 0.72 s: seeds 2 and 3 run (window 2) until their time adds up to it; seed 4 never starts.
        var plan = new RunPlan(RunId: runId, Datasets: ["rafdb"], Seeds: [2, 3, 4], FineTuneTargets: [], MaxConcurrentJobs: 2, GpuHourBudget: 0.0002);
        await StartAsync(plan, "rafdb");

        var run = await Host.WaitAsync(runId);

        Assert.AreEqual(OrchestrationRuntimeStatus.Failed, run.RuntimeStatus, "no job finished: nothing usable");
        var progress = (await Host.Client.GetInstanceAsync(InstanceIds.Phase(runId, TrainPhase.Pretrain), true))!.ReadOutputAs<PhaseResult>()!;
        Assert.IsTrue(progress.BudgetExhausted);
        Assert.AreEqual((2, 0), (progress.Stopped, progress.Failed), "jobs the budget stopped are not failures");
        foreach (var seed in new[] { 2, 3 })
        {
            var outcome = await OutcomeAsync(runId, "rafdb", TrainPhase.Pretrain, seed);
            Assert.AreEqual(JobOutcomeState.BudgetStopped, outcome!.State, $"seed {seed}: {outcome.Error}");
            Assert.IsTrue(outcome.GpuHours > 0, "a stopped attempt's hours count");
        }
        Assert.AreEqual(0, Host.Launcher.LaunchCount($"{runId}-rafdb-pretrain-s4"));
        var skipped = await OutcomeAsync(runId, "rafdb", TrainPhase.Pretrain, 4);
        Assert.AreEqual(JobOutcomeState.Skipped, skipped!.State);
        StringAssert.Contains(skipped.Error, "GPU-hour budget");
    }

    [TestMethod]
    public async Task Phase_2_starts_from_the_hours_phase_1_spent_and_launches_nothing_when_the_budget_is_gone()
    {
        var runId = NewRunId("phase2");
        var plan = new RunPlan(RunId: runId, Datasets: ["affectnet8"], FineTuneTargets: ["rafdb"], Seeds: [1, 2], GpuHourBudget: 1).WithDefaults();
        var run = new RunInput(runId, plan, Host.Storage.ServiceUri, TestPolicy(), Host.Storage.ContainerPrefix);
        var staging = Host.Storage.FolderUri(BlobLayout.StagingContainer, "rafdb/unused/");
        var input = new PhaseInput(run, TrainPhase.FineTune, [new PhaseDataset("rafdb", staging)], "http://127.0.0.1/best.ckpt", GpuHoursBefore: 1.5);
        var id = InstanceIds.Phase(runId, TrainPhase.FineTune);

        await Host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(PhaseOrchestratorV2), input, new Microsoft.DurableTask.StartOrchestrationOptions(id));
        var phase = await Host.WaitAsync(id);

        Assert.AreEqual(OrchestrationRuntimeStatus.Completed, phase.RuntimeStatus, phase.SerializedOutput);
        var result = phase.ReadOutputAs<PhaseResult>()!;
        Assert.IsTrue(result.BudgetExhausted);
        Assert.AreEqual(2, result.Skipped);
        Assert.AreEqual(0, RunLaunches(runId), "phase 1 already spent the budget");
    }

    [TestMethod]
    public async Task An_attempt_past_its_deadline_is_stopped_and_counts_as_a_failed_attempt()
    {
        var runId = NewRunId("deadline");
        Host.Launcher.Script($"{runId}-rafdb-pretrain-s1", new JobScript { Hang = true });
        // 0.0002 h = 0.72 s per attempt; two attempts, both stopped at their deadline.
        var plan = new RunPlan(RunId: runId, Datasets: ["rafdb"], Seeds: [1], FineTuneTargets: [], MaxAttempts: 2, AttemptHours: 0.0002);
        await StartAsync(plan, "rafdb");

        var run = await Host.WaitAsync(runId);

        Assert.AreEqual(OrchestrationRuntimeStatus.Failed, run.RuntimeStatus, "nothing usable: the only job gave up");
        var outcome = await OutcomeAsync(runId, "rafdb", TrainPhase.Pretrain, 1);
        Assert.AreEqual(JobOutcomeState.GaveUp, outcome!.State);
        StringAssert.Contains(outcome.Error, "deadline");
        Assert.AreEqual(2, Host.Launcher.LaunchCount($"{runId}-rafdb-pretrain-s1"));
        Assert.AreEqual(2, Host.Launcher.Cancelled.Count(n => n == $"{runId}-rafdb-pretrain-s1"), "each attempt's execution was stopped");
        Assert.IsTrue(outcome.GpuHours >= 2 * 0.0002, $"both attempts' hours count: {outcome.GpuHours}");
    }

    [TestMethod]
    public async Task Polls_that_keep_failing_end_the_attempt_and_the_poll_error_shows_in_the_run_view()
    {
        var runId = NewRunId("pollfail");
        Host.Launcher.Script($"{runId}-rafdb-pretrain-s1", new JobScript { Hang = true, PollThrows = "fake: ARM answered 401 Unauthorized" });
        var plan = new RunPlan(RunId: runId, Datasets: ["rafdb"], Seeds: [1], FineTuneTargets: [], MaxAttempts: 2);
        await StartAsync(plan, "rafdb");

        await UntilAsync(async () => (await Host.Api.GetAsync(Host.Client, runId, CancellationToken.None)).JsonBody!.Contains("401 Unauthorized"),
            "the poll error in GET /api/runs/{id}");
        var run = await Host.WaitAsync(runId);

        Assert.AreEqual(OrchestrationRuntimeStatus.Failed, run.RuntimeStatus);
        var outcome = await OutcomeAsync(runId, "rafdb", TrainPhase.Pretrain, 1);
        Assert.AreEqual(JobOutcomeState.GaveUp, outcome!.State);
        StringAssert.Contains(outcome.Error, "consecutive status polls failed");
        StringAssert.Contains(outcome.Error, "401 Unauthorized");
        Assert.AreEqual(2, Host.Launcher.LaunchCount($"{runId}-rafdb-pretrain-s1"));
        Assert.IsTrue(outcome.GpuHours > 0, "attempts ended by poll failures count their hours");
    }

    [TestMethod]
    public async Task Capacity_waits_are_bounded_by_time_not_by_a_count()
    {
        var runId = NewRunId("captime");
        // 40 refusals: more than the old fixed count of 24 waits, well inside the test host's 20 s capacity budget.
        Host.Launcher.Script($"{runId}-rafdb-pretrain-s1", new JobScript { CapacityRefusals = 40 });
        var plan = new RunPlan(RunId: runId, Datasets: ["rafdb"], Seeds: [1], FineTuneTargets: [], MaxAttempts: 1);
        await StartAsync(plan, "rafdb");

        var run = await Host.WaitAsync(runId);

        Assert.AreEqual(OrchestrationRuntimeStatus.Completed, run.RuntimeStatus, run.SerializedOutput);
        Assert.AreEqual(JobOutcomeState.Succeeded, (await OutcomeAsync(runId, "rafdb", TrainPhase.Pretrain, 1))!.State);
    }

    [TestMethod]
    public async Task A_job_that_never_gets_capacity_gives_up_once_its_capacity_budget_has_passed()
    {
        var runId = NewRunId("capgone");
        Host.Launcher.Script($"{runId}-rafdb-pretrain-s1", new JobScript { CapacityRefusals = 100_000 });
        var seed2 = RunLayout.TrainJobName(runId, "rafdb", TrainPhase.Pretrain, 2);
        var plan = new RunPlan(RunId: runId, Datasets: ["rafdb"], Seeds: [1, 2], FineTuneTargets: [], MaxAttempts: 1);
        await StartAsync(plan, "rafdb");
        var started = DateTime.UtcNow;

        var run = await Host.WaitAsync(runId, TimeSpan.FromSeconds(120));

        Assert.AreEqual(OrchestrationRuntimeStatus.Completed, run.RuntimeStatus, run.SerializedOutput);
        var outcome = await OutcomeAsync(runId, "rafdb", TrainPhase.Pretrain, 1);
        Assert.AreEqual(JobOutcomeState.GaveUp, outcome!.State);
        StringAssert.Contains(outcome.Error, "No capacity to launch within 00:00:20");
        Assert.IsTrue(DateTime.UtcNow - started >= TimeSpan.FromSeconds(20), "it waited the whole capacity budget");
        Assert.AreEqual(1, Host.Launcher.LaunchCount(seed2));
    }

    [TestMethod]
    public async Task The_window_and_staging_are_clamped_to_the_launchers_slots_so_no_job_waits_for_a_slot()
    {
        var runId = NewRunId("slots");
        var salt = Guid.NewGuid().ToString("N");
        await TestStorage.UploadDatasetAsync(Host.Storage, "affectnet7", salt);
        await TestStorage.UploadDatasetAsync(Host.Storage, "affectnet8", salt);
        Host.Launcher.Script($"{runId}-", new JobScript { Duration = TimeSpan.FromMilliseconds(200) });
        Host.Launcher.LimitSlots(runId, 1);
        try
        {
            var plan = new RunPlan(RunId: runId, Datasets: ["affectnet7", "affectnet8"], Seeds: [1, 2], FineTuneTargets: [], MaxConcurrentJobs: 4);
            await StartAsync(plan);

            var run = await Host.WaitAsync(runId);

            Assert.AreEqual(OrchestrationRuntimeStatus.Completed, run.RuntimeStatus, run.SerializedOutput);
            Assert.AreEqual(4, run.ReadOutputAs<RunResult>()!.JobsSucceeded);
            Assert.AreEqual(2, Host.Launcher.Launches.Count(s => s.Name.StartsWith(runId) && s.Kind == JobKind.Stage));
            Assert.AreEqual(0, Host.Launcher.SlotRefusals, "with the window clamped to 1 slot, no launch (staging included) was refused");
        }
        finally
        {
            Host.Launcher.LimitSlots(null);
        }
    }

    [TestMethod]
    public void Backoff_jitter_is_deterministic_per_job_and_differs_between_jobs()
    {
        var policy = TestPolicy() with { RetryBaseDelay = TimeSpan.FromMinutes(1), RetryMaxDelay = TimeSpan.FromMinutes(30), CapacityWait = TimeSpan.FromMinutes(5) };

        var a = Enumerable.Range(1, 4).Select(n => policy.RetryDelay(n, "run-rafdb-pretrain-s1")).ToList();
        var again = Enumerable.Range(1, 4).Select(n => policy.RetryDelay(n, "run-rafdb-pretrain-s1")).ToList();
        var b = Enumerable.Range(1, 4).Select(n => policy.RetryDelay(n, "run-rafdb-pretrain-s2")).ToList();

        CollectionAssert.AreEqual(a, again, "replays must wait the same");
        CollectionAssert.AreNotEqual(a, b, "two jobs that failed together retry at different times");
        for (var n = 1; n <= 4; n++)
        {
            var plain = TimeSpan.FromMinutes(Math.Min(Math.Pow(2, n - 1), 30));
            Assert.IsTrue(a[n - 1] >= plain * 0.75 && a[n - 1] <= plain * 1.25, $"retry {n}: {a[n - 1]} vs {plain}");
        }
        var capacity = policy.CapacityDelay(1, "run-rafdb-pretrain-s1");
        Assert.IsTrue(capacity >= TimeSpan.FromMinutes(3.75) && capacity <= TimeSpan.FromMinutes(6.25), capacity.ToString());
        Assert.AreNotEqual(policy.CapacityDelay(1, "x-s1"), policy.CapacityDelay(1, "x-s2"));
    }

    internal static JobPolicy TestPolicy() => new(TimeSpan.FromMilliseconds(100), 5, 3, TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(200),
        TimeSpan.FromMilliseconds(20), TimeSpan.FromSeconds(20), 5, TimeSpan.FromHours(24), 4);
}
