using QcsCloud.Core;
using QcsCloud.EndToEnd.Tests.Support;
using QcsCloud.LocalHost.Tests.Support;

namespace QcsCloud.EndToEnd.Tests;

/// <summary>A crash of the local host (SIGKILL of it and its jobs, as when the machine dies) in the middle of a run.</summary>
[TestClass]
public sealed class DurabilityTests
{
    private static readonly string TaskHub = TestStorage.NewTaskHubName("E2eKill");

    [ClassCleanup]
    public static async Task Cleanup() => await TaskHubCleanup.DeleteAsync(TaskHub);

    /// <remarks>With the emulator the executions outlive the host, as Container Apps executions do: the restarted host re-attaches.</remarks>
    [TestMethod]
    [DataRow(JobLaunchers.Local)]
    [DataRow(JobLaunchers.Emulator)]
    public async Task A_host_killed_mid_run_finishes_the_run_after_restart_without_relaunching_finished_jobs(string launcher)
    {
        await SyntheticData.EnsureUploadedAsync("rafdb");
        var (command, launches) = Trainer.LaunchLoggingCommand(Path.Combine(SyntheticData.Root, $"kill-run-{launcher}"));
        await using var jobs = await JobLaunchers.StartAsync(launcher, command, slots: 1);
        var settings = jobs.HostSettings;
        var runId = $"e2e-kill-{Guid.NewGuid():N}"[..20];

        var first = await LocalHostProcess.StartAsync(TaskHub, settings: settings);
        await RunFollower.StartAsync(first, E2eSettings.Plan(runId, ["rafdb"], [], [1, 2], maxConcurrentJobs: 1));
        // Kill once the first training job is done and the second one is under way.
        var before = await RunFollower.WaitAsync(first, runId,
            v => RunFollower.Jobs(v).Count(j => j.GetProperty("kind").GetString() == "Train" && RunFollower.JobStatus(j) == "Completed") == 1,
            TimeSpan.FromMinutes(4));
        var finishedBeforeKill = RunFollower.Jobs(before)
            .Where(j => RunFollower.JobStatus(j) == "Completed")
            .Select(j => (Name: j.GetProperty("name").GetString()!, Kind: j.GetProperty("kind").GetString()!,
                          Seed: j.TryGetProperty("seed", out var s) && s.ValueKind == System.Text.Json.JsonValueKind.Number ? s.GetInt32() : 0))
            .ToList();
        first.Kill();
        await first.DisposeAsync();

        await using var second = await LocalHostProcess.StartAsync(TaskHub, settings: settings);
        var view = await RunFollower.WaitUntilEndedAsync(second, runId, TimeSpan.FromMinutes(4));

        Assert.AreEqual("Completed", RunFollower.RuntimeStatus(view), view.ToString());
        Assert.AreEqual(2, view.GetProperty("result").GetProperty("jobsSucceeded").GetInt32(), view.ToString());
        var lines = File.ReadAllLines(launches);
        foreach (var seed in new[] { 1, 2 })
        {
            var prefix = BlobLayout.CheckpointPrefix(runId, "rafdb", TrainPhase.Pretrain, seed);
            var completion = QcsJson.Deserialize<JobCompletion>(
                await Blobs.ReadTextAsync(BlobLayout.CheckpointsContainer, prefix + BlobLayout.CompletionFile), prefix);
            Assert.IsTrue(completion.Succeeded, $"{prefix}: {completion.Error}");
        }
        Assert.IsTrue(finishedBeforeKill.Any(j => j.Kind == "Train"), before.ToString());
        foreach (var (name, kind, seed) in finishedBeforeKill)
        {
            // Staging of unchanged content may be skipped entirely (content hash), so "at most once" for it.
            var launchesOfJob = lines.Count(l => kind == "Stage"
                ? l.StartsWith("pack ")
                : l.StartsWith("train ") && l.Contains($"/pretrain/seed-{seed}/"));
            if (kind == "Stage") Assert.IsLessThanOrEqualTo(1, launchesOfJob, $"{name}:\n{string.Join("\n", lines)}");
            else Assert.AreEqual(1, launchesOfJob, $"job {name} finished before the kill but was launched {launchesOfJob} times:\n{string.Join("\n", lines)}");
        }
    }
}
