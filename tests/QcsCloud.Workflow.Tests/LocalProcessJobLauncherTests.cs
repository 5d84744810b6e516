using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using QcsCloud.Core;
using QcsCloud.Workflow.Configuration;
using QcsCloud.Workflow.Launchers;
using QcsCloud.Workflow.Models;

namespace QcsCloud.Workflow.Tests;

/// <summary>
/// Real child processes: a bash stand-in for qcs that succeeds, fails, checkpoints and exits 130 on SIGTERM, or
/// (nocheckpoint) dies of SIGTERM unhandled (exit 143).
/// </summary>
[TestClass]
public sealed class LocalProcessJobLauncherTests
{
    private const string Script = """
        case "$1" in
          ok) echo "trained"; exit 0 ;;
          env) echo "job=$QCS_JOB_NAME output=$QCS_OUTPUT_URI"; exit 0 ;;
          exit) echo "failing with $2" >&2; exit "$2" ;;
          sleep) trap 'echo "checkpoint saved"; exit 130' TERM; for i in $(seq 1 300); do sleep 0.1; done; exit 0 ;;
          nocheckpoint) for i in $(seq 1 300); do sleep 0.1; done; exit 0 ;;
        esac
        """;

    private static string dir = "";

    [ClassInitialize]
    public static void WriteScript(TestContext _)
    {
        dir = Path.Combine(Path.GetTempPath(), $"qcs-launcher-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "fake-qcs.sh"), Script);
    }

    [ClassCleanup]
    public static void DeleteScript() => Directory.Delete(dir, recursive: true);

    private static LocalProcessJobLauncher Launcher(Action<LocalProcessOptions>? configure = null)
    {
        var local = new LocalProcessOptions
        {
            TrainerCommand = $"bash {Path.Combine(dir, "fake-qcs.sh")}", WorkingDirectory = dir, MaxConcurrentProcesses = 2,
            StateDirectory = Path.Combine(dir, $"state-{Guid.NewGuid():N}"), OrphanGraceSeconds = -1,
        };
        configure?.Invoke(local);
        return new LocalProcessJobLauncher(Options.Create(new JobLauncherOptions { Local = local }),
            Options.Create(new StorageOptions { ConnectionString = "UseDevelopmentStorage=true" }), NullLogger<LocalProcessJobLauncher>.Instance);
    }

    private static JobSpec Spec(string name, params string[] args) => new(name, JobKind.Train, args, "http://127.0.0.1:10000/devstoreaccount1/checkpoints/x/");

    private static async Task<JobStatus> EndAsync(IJobLauncher launcher, JobHandle handle)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var status = await launcher.GetStatusAsync(handle, cts.Token);
            if (status.IsTerminal) return status;
            await Task.Delay(50, cts.Token);
        }
    }

    [TestMethod]
    public async Task A_job_that_exits_0_succeeds_and_its_output_goes_to_a_log_file()
    {
        using var launcher = Launcher();

        var handle = await launcher.StartAsync(Spec("ok-job", "ok"), CancellationToken.None);
        var status = await EndAsync(launcher, handle);

        Assert.AreEqual(JobState.Succeeded, status.State);
        var log = Directory.GetFiles(launcher.LogDirectory, "ok-job-*.log").Single();
        StringAssert.Contains(File.ReadAllText(log), "trained");
    }

    [TestMethod]
    public async Task A_failing_job_reports_its_exit_code_and_last_output()
    {
        using var launcher = Launcher();

        var status = await EndAsync(launcher, await launcher.StartAsync(Spec("bad-job", "exit", "3"), CancellationToken.None));

        Assert.AreEqual(JobState.Failed, status.State);
        Assert.AreEqual(3, status.ExitCode);
        StringAssert.Contains(status.Error, "failing with 3");
    }

    [TestMethod]
    public async Task Cancel_sends_SIGTERM_and_the_checkpointing_job_reports_exit_130()
    {
        using var launcher = Launcher();
        var handle = await launcher.StartAsync(Spec("long-job", "sleep"), CancellationToken.None);
        await Task.Delay(300);

        await launcher.CancelAsync(handle, CancellationToken.None);
        var status = await EndAsync(launcher, handle);

        Assert.AreEqual(JobExitCode.Cancelled, status.ExitCode);
        // The job's own SIGTERM handler ran and chose 130 (not a signal death that also reads 130, e.g. SIGINT's 128 + 2).
        StringAssert.Contains(status.Error, "checkpoint saved");
        StringAssert.Contains(File.ReadAllText(Directory.GetFiles(launcher.LogDirectory, "long-job-*.log").Single()), "checkpoint saved");
    }

    [TestMethod]
    public async Task A_job_killed_by_SIGTERM_before_it_could_checkpoint_exits_143_and_is_reported_as_a_preemption()
    {
        using var launcher = Launcher();
        var handle = await launcher.StartAsync(Spec("plain-job", "nocheckpoint"), CancellationToken.None);
        await Task.Delay(300);

        await launcher.CancelAsync(handle, CancellationToken.None);
        var status = await EndAsync(launcher, handle);

        // bash without a trap dies of the signal: the process exit code is 128 + 15 = 143, which the launcher maps to 130.
        Assert.AreEqual(JobState.Failed, status.State);
        Assert.AreEqual(JobExitCode.Cancelled, status.ExitCode);
        Assert.IsFalse(status.Error?.Contains("checkpoint saved") ?? false, status.Error);
    }

    [TestMethod]
    public async Task Starting_a_running_job_again_returns_the_same_execution_and_extra_jobs_wait_for_a_slot()
    {
        using var launcher = Launcher(o => o.MaxConcurrentProcesses = 1);
        var first = await launcher.StartAsync(Spec("slot-job", "sleep"), CancellationToken.None);

        var again = await launcher.StartAsync(Spec("slot-job", "sleep"), CancellationToken.None);
        var refused = await Assert.ThrowsExactlyAsync<JobLaunchException>(() => launcher.StartAsync(Spec("other-job", "ok"), CancellationToken.None));

        Assert.AreEqual(first, again);
        Assert.AreEqual(LaunchOutcome.CapacityRefused, refused.Outcome);
        StringAssert.Contains(refused.Message, "MaxConcurrentProcesses");
        await launcher.CancelAsync(first, CancellationToken.None);
        await EndAsync(launcher, first);
    }

    [TestMethod]
    public async Task Injected_failures_refuse_a_launch_crash_a_job_and_kill_one_mid_run()
    {
        using var launcher = Launcher(o =>
        {
            o.FailLaunch = new FailureInjection { JobPattern = "*-launch", Times = 1 };
            o.Crash = new FailureInjection { JobPattern = "*-crash", Times = 1 };
            o.Kill = new FailureInjection { JobPattern = "*-kill", Times = 1, AfterSeconds = 0.5 };
            o.MaxConcurrentProcesses = 4;
        });

        var refused = await Assert.ThrowsExactlyAsync<JobLaunchException>(() => launcher.StartAsync(Spec("a-launch", "ok"), CancellationToken.None));
        var relaunched = await EndAsync(launcher, await launcher.StartAsync(Spec("a-launch", "ok"), CancellationToken.None));
        var crashed = await EndAsync(launcher, await launcher.StartAsync(Spec("b-crash", "ok"), CancellationToken.None));
        var recovered = await EndAsync(launcher, await launcher.StartAsync(Spec("b-crash", "ok"), CancellationToken.None));
        var killed = await EndAsync(launcher, await launcher.StartAsync(Spec("c-kill", "sleep"), CancellationToken.None));

        Assert.AreEqual(LaunchOutcome.CapacityRefused, refused.Outcome);
        Assert.AreEqual(JobState.Succeeded, relaunched.State);
        Assert.AreEqual(JobExitCode.TrainingFailed, crashed.ExitCode);
        Assert.AreEqual(JobState.Succeeded, recovered.State);
        Assert.AreEqual(JobExitCode.Cancelled, killed.ExitCode);
    }

    [TestMethod]
    public async Task An_execution_this_host_does_not_know_counts_as_a_preemption()
    {
        using var launcher = Launcher();

        var status = await launcher.GetStatusAsync(new JobHandle("lost", "local-1-99", "x", DateTimeOffset.UtcNow), CancellationToken.None);

        Assert.AreEqual(JobExitCode.Cancelled, status.ExitCode);
        StringAssert.Contains(status.Error, "unknown to this host");
    }

    [TestMethod]
    public async Task A_trainer_command_that_cannot_start_is_an_invalid_launch_naming_the_setting()
    {
        using var launcher = Launcher(o => o.TrainerCommand = "/no/such/qcs");

        var e = await Assert.ThrowsExactlyAsync<JobLaunchException>(() => launcher.StartAsync(Spec("x", "ok"), CancellationToken.None));

        Assert.AreEqual(LaunchOutcome.InvalidRequest, e.Outcome);
        StringAssert.Contains(e.Message, "Qcs:Jobs:Local:TrainerCommand");
    }

    [TestMethod]
    public async Task A_job_gets_its_name_and_output_folder_in_its_environment()
    {
        using var launcher = Launcher();

        var status = await EndAsync(launcher, await launcher.StartAsync(Spec("env-job", "env"), CancellationToken.None));

        Assert.AreEqual(JobState.Succeeded, status.State);
        var log = File.ReadAllText(Directory.GetFiles(launcher.LogDirectory, "env-job-*.log").Single());
        StringAssert.Contains(log, $"job=env-job output={Spec("env-job").OutputUri}", log);
    }

    [TestMethod]
    public async Task Execution_ids_of_two_launchers_in_one_process_never_collide()
    {
        using var first = Launcher();
        using var second = Launcher();

        var a = await first.StartAsync(Spec("id-job-a", "ok"), CancellationToken.None);
        var b = await second.StartAsync(Spec("id-job-b", "ok"), CancellationToken.None);

        Assert.AreNotEqual(a.ExecutionId, b.ExecutionId);
        await EndAsync(first, a);
        await EndAsync(second, b);
    }

    [TestMethod]
    public async Task A_restarted_host_adopts_the_orphan_of_a_running_job_instead_of_launching_a_second_process()
    {
        var stateDirectory = Path.Combine(dir, $"state-{Guid.NewGuid():N}");
        using var crashed = Launcher(o => o.StateDirectory = stateDirectory);   // never disposed before the restart: its jobs run on
        var orphan = await crashed.StartAsync(Spec("orphan-job", "sleep"), CancellationToken.None);

        using var restarted = Launcher(o => o.StateDirectory = stateDirectory);
        var again = await restarted.StartAsync(Spec("orphan-job", "sleep"), CancellationToken.None);
        var status = await restarted.GetStatusAsync(orphan, CancellationToken.None);

        Assert.AreEqual(orphan.ExecutionId, again.ExecutionId, "the running orphan is returned");
        Assert.AreEqual(1, Directory.GetFiles(restarted.LogDirectory, "orphan-job-*.log").Length, "no second process was launched");
        Assert.AreEqual(JobState.Running, status.State);
        await restarted.CancelAsync(again, CancellationToken.None);
        Assert.AreEqual(JobExitCode.Cancelled, (await EndAsync(crashed, orphan)).ExitCode, "the adopted orphan got the cancel's SIGTERM");
        Assert.IsTrue((await EndAsync(restarted, again)).IsTerminal);
    }

    [TestMethod]
    public async Task An_orphan_whose_job_nobody_asks_for_is_stopped_after_the_grace_period()
    {
        var stateDirectory = Path.Combine(dir, $"state-{Guid.NewGuid():N}");
        using var crashed = Launcher(o => o.StateDirectory = stateDirectory);
        var orphan = await crashed.StartAsync(Spec("abandoned-job", "sleep"), CancellationToken.None);

        using var restarted = Launcher(o => { o.StateDirectory = stateDirectory; o.OrphanGraceSeconds = 0.5; });
        var status = await EndAsync(crashed, orphan);

        Assert.AreEqual(JobExitCode.Cancelled, status.ExitCode, "SIGTERM: the trainer checkpoints and exits 130");
    }

    [TestMethod]
    public async Task Stale_entries_of_a_reused_pid_or_a_previous_boot_are_never_taken_for_the_job_nor_signalled()
    {
        // A process that now holds a PID a dead host's entry names (the PID was reused), and a dead host.
        using var bystander = Process.Start(new ProcessStartInfo("sleep", "30") { UseShellExecute = false })!;
        var identity = ProcessIdentity.Of(bystander.Id)!;
        var deadHost = new ProcessIdentity(int.MaxValue, 1, identity.BootId);
        var state = new LocalJobState(Path.Combine(dir, $"state-{Guid.NewGuid():N}"));
        var reused = new LocalJobEntry(new JobHandle("reused-job", "local-reused", "x", DateTimeOffset.UtcNow),
            identity with { StartTicks = identity.StartTicks - 1 }, deadHost, "x.log");
        var otherBoot = new LocalJobEntry(new JobHandle("old-boot-job", "local-old-boot", "x", DateTimeOffset.UtcNow),
            identity with { BootId = "an-earlier-boot" }, deadHost with { BootId = "an-earlier-boot" }, "x.log");
        state.Save(reused);
        state.Save(otherBoot);
        using var launcher = Launcher(o => o.StateDirectory = state.Directory);

        var first = await launcher.StartAsync(Spec("reused-job", "ok"), CancellationToken.None);
        var second = await launcher.StartAsync(Spec("old-boot-job", "ok"), CancellationToken.None);

        Assert.AreNotEqual("local-reused", first.ExecutionId, "a new process was launched");
        Assert.AreNotEqual("local-old-boot", second.ExecutionId);
        Assert.AreEqual(JobState.Succeeded, (await EndAsync(launcher, first)).State);
        Assert.AreEqual(JobState.Succeeded, (await EndAsync(launcher, second)).State);
        Assert.IsFalse(bystander.HasExited, "the process now holding the PID was not signalled");
        Assert.AreEqual(0, state.ReadAll().Count, "stale entries are deleted, ended jobs remove theirs");
        bystander.Kill();
    }
}
