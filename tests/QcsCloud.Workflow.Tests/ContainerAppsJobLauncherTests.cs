using QcsCloud.Core;
using QcsCloud.Workflow.Activities;
using QcsCloud.Workflow.Launchers;
using QcsCloud.Workflow.Models;
using QcsCloud.Workflow.Tests.Support;

namespace QcsCloud.Workflow.Tests;

/// <summary>
/// The real Container Apps launcher and ArmClient against the Container Apps jobs emulator (the documented
/// <c>Microsoft.App/jobs</c> REST contract, real processes as executions, injected ARM failures), with Azurite.
/// </summary>
[TestClass]
public sealed class ContainerAppsJobLauncherTests
{
    [TestMethod]
    public async Task Start_runs_the_template_override_as_one_execution_carrying_the_job_name_output_and_client_id()
    {
        await using var apps = await EmulatedContainerApps.StartAsync();
        var spec = apps.Spec("run1-rafdb-pretrain-s1", "sleep", 30);

        var handle = await apps.Launcher.StartAsync(spec, CancellationToken.None);

        var execution = apps.Emulator.ExecutionsOf(spec.Name).Single();
        Assert.AreEqual($"train/{execution.Name}", handle.ExecutionId);
        StringAssert.EndsWith(execution.JobId, "/Microsoft.App/jobs/qcs-train");
        Assert.AreEqual(spec.OutputUri, execution.Env("QCS_OUTPUT_URI"));
        Assert.AreEqual(new Uri(spec.OutputUri).Authority, execution.Env(JobEnvironment.AllowedBlobHosts), "the job may open blobs of its own account only");
        Assert.AreEqual("11111111-2222-3333-4444-555555555555", execution.Env("AZURE_CLIENT_ID"));
        Assert.AreEqual(JobState.Running, (await apps.Launcher.GetStatusAsync(handle, CancellationToken.None)).State);
    }

    [TestMethod]
    public async Task Staging_jobs_start_on_the_staging_job_and_a_200_answer_names_the_execution()
    {
        await using var apps = await EmulatedContainerApps.StartAsync(o => o.Faults.StartAnswersOk = true);
        var spec = apps.Spec("run1-stage-rafdb", "exit", 0, JobKind.Stage);

        var handle = await apps.Launcher.StartAsync(spec, CancellationToken.None);

        var execution = apps.Emulator.ExecutionsOf(spec.Name).Single();
        StringAssert.EndsWith(execution.JobId, "/Microsoft.App/jobs/qcs-stage");
        Assert.AreEqual($"stage/{execution.Name}", handle.ExecutionId);
    }

    /// <summary>Problem 1: before the fix the pipeline retried the POST on 500/429, and the retry started a second execution.</summary>
    [TestMethod]
    [DataRow(500, LaunchOutcome.TransientError)]
    [DataRow(429, LaunchOutcome.CapacityRefused)]
    public async Task A_start_refused_after_the_execution_was_created_leaves_exactly_one_execution(int status, LaunchOutcome kind)
    {
        await using var apps = await EmulatedContainerApps.StartAsync(o =>
            (o.Faults.StartFailures, o.Faults.StartFailureStatus, o.Faults.StartFailureCreatesExecution) = (1, status, true));
        var spec = apps.Spec("run1-rafdb-pretrain-s1", "sleep", 30);

        var refused = await Assert.ThrowsExactlyAsync<JobLaunchException>(() => apps.Launcher.StartAsync(spec, CancellationToken.None));
        var retried = await apps.Launcher.StartAsync(spec, CancellationToken.None);

        Assert.AreEqual(kind, refused.Outcome);
        var execution = apps.Emulator.ExecutionsOf(spec.Name).Single();
        Assert.AreEqual($"train/{execution.Name}", retried.ExecutionId);
    }

    [TestMethod]
    public async Task A_start_refused_without_an_execution_starts_one_on_the_next_attempt()
    {
        await using var apps = await EmulatedContainerApps.StartAsync(o => (o.Faults.StartFailures, o.Faults.StartFailureStatus) = (1, 500));
        var spec = apps.Spec("run1-rafdb-pretrain-s1", "sleep", 30);

        await Assert.ThrowsExactlyAsync<JobLaunchException>(() => apps.Launcher.StartAsync(spec, CancellationToken.None));
        var handle = await apps.Launcher.StartAsync(spec, CancellationToken.None);

        Assert.AreEqual($"train/{apps.Emulator.ExecutionsOf(spec.Name).Single().Name}", handle.ExecutionId);
    }

    /// <summary>Problem 1: before the fix a 202 whose operation stayed in progress threw Transient after ~9 s, and the relaunch started a second execution.</summary>
    [TestMethod]
    public async Task A_202_without_an_execution_name_is_a_pending_handle_resolved_by_listing_and_never_started_again()
    {
        await using var apps = await EmulatedContainerApps.StartAsync(o => o.Faults.SlowStart = TimeSpan.FromSeconds(20));
        var spec = apps.Spec("run1-rafdb-pretrain-s1", "sleep", 30);

        var pending = await apps.Launcher.StartAsync(spec, CancellationToken.None);
        var status = await apps.Launcher.GetStatusAsync(pending, CancellationToken.None);
        var again = await apps.Launcher.StartAsync(spec, CancellationToken.None);

        Assert.AreEqual($"train/{ContainerAppsJobLauncher.PendingExecution}", pending.ExecutionId);
        Assert.AreEqual(JobState.Running, status.State, status.Error);
        var execution = apps.Emulator.ExecutionsOf(spec.Name).Single();
        Assert.AreEqual($"train/{execution.Name}", again.ExecutionId);
    }

    /// <summary>Problem 1: an activity delivered twice (a recycled instance, a lost completion) starts one execution.</summary>
    [TestMethod]
    public async Task Two_deliveries_of_one_start_activity_at_once_start_one_execution()
    {
        await using var apps = await EmulatedContainerApps.StartAsync();
        var spec = apps.Spec("run1-rafdb-pretrain-s1", "sleep", 30);
        var activity = new StartJobActivity(apps.Launcher, apps.Storage,
            new Reuse.JobReuseStore(apps.Storage, Microsoft.Extensions.Options.Options.Create(new Configuration.JobLauncherOptions()), Microsoft.Extensions.Logging.Abstractions.NullLogger<Reuse.JobReuseStore>.Instance),
            Microsoft.Extensions.Logging.Abstractions.NullLogger<StartJobActivity>.Instance);

        var results = await Task.WhenAll(activity.RunAsync(null!, new StartJobRequest(spec, null)), activity.RunAsync(null!, new StartJobRequest(spec, null)));
        var redelivered = await activity.RunAsync(null!, new StartJobRequest(spec, null));

        Assert.IsTrue(results.Append(redelivered).All(r => r.Outcome == LaunchOutcome.Started), string.Join(", ", results.Select(r => r.Error)));
        var execution = apps.Emulator.ExecutionsOf(spec.Name).Single();
        Assert.AreEqual($"train/{execution.Name}", redelivered.Handle!.ExecutionId);
    }

    /// <summary>Problem 9: an expired credential or a missing role is a configuration error to show, not the job's bad input.</summary>
    [TestMethod]
    [DataRow(401)]
    [DataRow(403)]
    public async Task An_arm_401_or_403_is_not_bad_input(int status)
    {
        await using var apps = await EmulatedContainerApps.StartAsync(o => o.Faults.DenyStatus = status);
        var spec = apps.Spec("run1-rafdb-pretrain-s1", "sleep", 30);
        var activity = new StartJobActivity(apps.Launcher, apps.Storage,
            new Reuse.JobReuseStore(apps.Storage, Microsoft.Extensions.Options.Options.Create(new Configuration.JobLauncherOptions()), Microsoft.Extensions.Logging.Abstractions.NullLogger<Reuse.JobReuseStore>.Instance),
            Microsoft.Extensions.Logging.Abstractions.NullLogger<StartJobActivity>.Instance);

        var result = await activity.RunAsync(null!, new StartJobRequest(spec, null));

        Assert.AreNotEqual(LaunchOutcome.InvalidRequest, result.Outcome, result.Error);
        StringAssert.Contains(result.Error, $"HTTP {status}");
        StringAssert.Contains(result.Error, "identity");
        Assert.IsEmpty(apps.Emulator.Executions);
    }

    /// <summary>Problem 8: Container Apps reports "Failed" without an exit code; the completion record says it was bad input.</summary>
    [TestMethod]
    public async Task A_failed_execution_takes_its_exit_code_from_the_completion_record()
    {
        await using var apps = await EmulatedContainerApps.StartAsync();
        var spec = apps.Spec("run1-rafdb-pretrain-s1", "exit", JobExitCode.BadInput);
        var handle = await apps.Launcher.StartAsync(spec, CancellationToken.None);
        await apps.Storage.WriteJsonAsync(spec.OutputUri, BlobLayout.CompletionFile,
            new JobCompletion(spec.Name, false, JobExitCode.BadInput, "unknown option --bogus", DateTimeOffset.UtcNow, DateTimeOffset.UtcNow), CancellationToken.None);
        Assert.AreEqual("Failed", (await apps.WaitUntilEndedAsync(spec.Name)).Status);

        var poll = await new PollJobActivity(apps.Launcher, apps.Storage).RunAsync(null!, new PollJobRequest(handle, null));

        Assert.IsTrue(poll.Terminal);
        Assert.AreEqual(JobExitCode.BadInput, poll.ExitCode, poll.Error);
    }

    /// <summary>Problem 9: the replica time-out ends an execution "Failed"; the job resumes from last.ckpt instead of counting a crash.</summary>
    [TestMethod]
    public async Task A_replica_time_out_is_resumable_like_a_preemption_not_a_crash()
    {
        await using var apps = await EmulatedContainerApps.StartAsync(o => (o.ReplicaTimeout, o.TerminationGrace) = (TimeSpan.FromSeconds(2), TimeSpan.Zero));
        var spec = apps.Spec("run1-rafdb-pretrain-s1", "sleep", 30);
        var handle = await apps.Launcher.StartAsync(spec, CancellationToken.None);
        Assert.AreEqual("Failed", (await apps.WaitUntilEndedAsync(spec.Name)).Status);

        var poll = await new PollJobActivity(apps.Launcher, apps.Storage).RunAsync(null!, new PollJobRequest(handle, null));

        Assert.IsTrue(poll.Terminal);
        Assert.AreEqual(JobExitCode.Cancelled, poll.ExitCode, poll.Error);
        StringAssert.Contains(poll.Error, "replica time-out");
    }

    [TestMethod]
    public async Task A_crash_before_the_replica_time_out_stays_a_failure()
    {
        await using var apps = await EmulatedContainerApps.StartAsync(o => o.ReplicaTimeout = TimeSpan.FromSeconds(30));
        var spec = apps.Spec("run1-rafdb-pretrain-s1", "exit", JobExitCode.TrainingFailed);
        var handle = await apps.Launcher.StartAsync(spec, CancellationToken.None);
        await apps.WaitUntilEndedAsync(spec.Name);

        var status = await apps.Launcher.GetStatusAsync(handle, CancellationToken.None);

        Assert.AreEqual(JobState.Failed, status.State);
        Assert.IsNull(status.ExitCode, status.Error);
    }

    [TestMethod]
    public async Task An_execution_stopped_by_the_platform_mid_run_is_a_preemption()
    {
        await using var apps = await EmulatedContainerApps.StartAsync(o => (o.Faults.Preemptions, o.Faults.PreemptAfter) = (1, TimeSpan.FromSeconds(1)));
        var spec = apps.Spec("run1-rafdb-pretrain-s1", "sleep", 30);
        var handle = await apps.Launcher.StartAsync(spec, CancellationToken.None);
        await apps.WaitUntilEndedAsync(spec.Name);

        var status = await apps.Launcher.GetStatusAsync(handle, CancellationToken.None);

        Assert.AreEqual(JobState.Failed, status.State);
        Assert.AreEqual(JobExitCode.Cancelled, status.ExitCode);
    }

    [TestMethod]
    public async Task Cancel_stops_the_execution_and_its_process()
    {
        await using var apps = await EmulatedContainerApps.StartAsync();
        var spec = apps.Spec("run1-rafdb-pretrain-s1", "sleep", 30);
        var handle = await apps.Launcher.StartAsync(spec, CancellationToken.None);

        await apps.Launcher.CancelAsync(handle, CancellationToken.None);

        var execution = await apps.WaitUntilEndedAsync(spec.Name);
        Assert.AreEqual("Stopped", execution.Status);
        Assert.IsNull(execution.ProcessId);
    }
}
