using System.Net;
using QcsCloud.EndToEnd.Tests.Support;
using QcsCloud.LocalHost.Tests.Support;

namespace QcsCloud.EndToEnd.Tests;

/// <summary><c>POST /api/runs/{id}/cancel</c> on a run whose training jobs are running, real <c>qcs</c> processes on the local host.</summary>
[TestClass]
public sealed class CancelTests
{
    private static readonly string TaskHub = TestStorage.NewTaskHubName("E2eCancel");

    [ClassCleanup]
    public static async Task Cleanup() => await TaskHubCleanup.DeleteAsync(TaskHub);

    [TestMethod]
    [DataRow(JobLaunchers.Local)]
    [DataRow(JobLaunchers.Emulator)]
    public async Task Cancel_stops_every_job_process_launches_nothing_after_and_the_run_ends_Cancelled_with_a_report(string launcher)
    {
        await SyntheticData.EnsureUploadedAsync("rafdb");
        var (command, launchLog) = Trainer.LaunchLoggingCommand(Path.Combine(SyntheticData.Root, $"cancel-run-{launcher}-" + Guid.NewGuid().ToString("N")[..6]));
        await using var jobs = await JobLaunchers.StartAsync(launcher, command);
        await using var host = await LocalHostProcess.StartAsync(TaskHub, settings: jobs.HostSettings);
        var runId = $"e2e-cancel-{Guid.NewGuid():N}"[..22];
        // Three seeds, two slots: two jobs train (many steps, still running at the cancel), the third waits for a slot.
        var plan = E2eSettings.Plan(runId, ["rafdb"], [], [1, 2, 3], stepsPerEpoch: 500);
        await RunFollower.StartAsync(host, plan);
        await RunFollower.WaitAsync(host, runId,
            v => RunFollower.Jobs(v).Count(j => j.GetProperty("kind").GetString() == "Train" && RunFollower.JobStatus(j) == "Running") == 2,
            TimeSpan.FromMinutes(2));
        await WaitForAsync(() => JobProcesses(runId).Count == 2, TimeSpan.FromSeconds(60), "both training processes to start");
        // The wrapper logs a launch just before it execs qcs: the process can be seen before its line is written.
        await WaitForAsync(() => TrainLaunches(launchLog) == 2, TimeSpan.FromSeconds(10), "both launches to be logged");
        var launchesAtCancel = TrainLaunches(launchLog);

        using var response = await host.Http.PostAsync($"runs/{runId}/cancel", null);

        Assert.AreEqual(HttpStatusCode.Accepted, response.StatusCode, await response.Content.ReadAsStringAsync());
        var cancelledAt = DateTime.UtcNow;
        await WaitForAsync(() => JobProcesses(runId).Count == 0, TimeSpan.FromSeconds(30), "the job processes to stop");
        // Watch at least 30 s after the cancel: no process comes back, nothing is launched again.
        while (DateTime.UtcNow - cancelledAt < TimeSpan.FromSeconds(32))
        {
            Assert.AreEqual(0, JobProcesses(runId).Count, "a job process runs after the cancel");
            Assert.AreEqual(launchesAtCancel, TrainLaunches(launchLog), $"a job was launched after the cancel:\n{File.ReadAllText(launchLog)}");
            await Task.Delay(1000);
        }
        var view = await RunFollower.WaitUntilEndedAsync(host, runId, TimeSpan.FromMinutes(1));
        Assert.AreEqual("Completed", RunFollower.RuntimeStatus(view), view.ToString());
        Assert.AreEqual("Cancelled", view.GetProperty("result").GetProperty("status").GetString(), view.ToString());
        var running = RunFollower.Jobs(view).Where(j => RunFollower.JobStatus(j) is "Running" or "Pending").Select(j => j.GetProperty("name").GetString()).ToList();
        Assert.AreEqual(0, running.Count, $"job orchestrations still running: {string.Join(", ", running)}");
        var states = RunFollower.Jobs(view).Where(j => j.GetProperty("kind").GetString() == "Train")
            .Select(j => j.TryGetProperty("progress", out var p) && p.ValueKind == System.Text.Json.JsonValueKind.Object ? p.GetProperty("state").GetString() : "none")
            .ToList();
        Assert.AreEqual(2, states.Count(s => s == "Cancelled"), string.Join(", ", states));
        Assert.AreEqual(launchesAtCancel, TrainLaunches(launchLog));
        using var report = await host.Http.GetAsync($"runs/{runId}/report/report.json");
        Assert.AreEqual(HttpStatusCode.OK, report.StatusCode, "a cancelled run still publishes its report");
        using var again = await host.Http.PostAsync($"runs/{runId}/cancel", null);
        Assert.AreEqual(HttpStatusCode.Conflict, again.StatusCode, await again.Content.ReadAsStringAsync());
    }

    /// <summary>Training launches so far, from the logging trainer wrapper (one line per launch).</summary>
    private static int TrainLaunches(string launchLog) =>
        File.Exists(launchLog) ? File.ReadAllLines(launchLog).Count(l => l.StartsWith("train ", StringComparison.Ordinal)) : 0;

    /// <summary>Process ids whose command line mentions the run (its jobs' output URIs carry the run id).</summary>
    private static List<int> JobProcesses(string runId) =>
        Directory.EnumerateDirectories("/proc")
            .Select(d => int.TryParse(Path.GetFileName(d), out var pid) ? pid : -1)
            .Where(pid => pid > 0)
            .Where(pid =>
            {
                try { return File.ReadAllText($"/proc/{pid}/cmdline").Contains($"/{runId}/", StringComparison.Ordinal); }
                catch (IOException) { return false; }
                catch (UnauthorizedAccessException) { return false; }
            })
            .ToList();

    private static async Task WaitForAsync(Func<bool> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) Assert.Fail($"Timed out after {timeout} waiting for {what}");
            await Task.Delay(250);
        }
    }
}
