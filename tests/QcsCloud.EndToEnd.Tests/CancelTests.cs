using System.Net;
using QcsCloud.EndToEnd.Tests.Support;
using QcsCloud.LocalHost.Tests.Support;

namespace QcsCloud.EndToEnd.Tests;

/// <summary><c>POST /api/runs/{id}/cancel</c> on a run whose training job is running.</summary>
[TestClass]
public sealed class CancelTests
{
    private static readonly string TaskHub = TestStorage.NewTaskHubName("E2eCancel");

    [ClassCleanup]
    public static async Task Cleanup() => await TaskHubCleanup.DeleteAsync(TaskHub);

    [TestMethod]
    public async Task Cancelling_a_run_terminates_it_and_stops_its_running_job_processes()
    {
        await SyntheticData.EnsureUploadedAsync("rafdb");
        var (command, _) = Trainer.LaunchLoggingCommand(Path.Combine(SyntheticData.Root, "cancel-run"));
        await using var host = await LocalHostProcess.StartAsync(TaskHub, settings: E2eSettings.Host(command));
        var runId = $"e2e-cancel-{Guid.NewGuid():N}"[..22];
        // Many steps so that the job is still running when the cancel arrives.
        var plan = E2eSettings.Plan(runId, ["rafdb"], [], [1], stepsPerEpoch: 500);
        await RunFollower.StartAsync(host, plan);
        await RunFollower.WaitAsync(host, runId,
            v => RunFollower.Jobs(v).Any(j => j.GetProperty("kind").GetString() == "Train" && RunFollower.JobStatus(j) == "Running"),
            TimeSpan.FromMinutes(2));
        await WaitForAsync(() => JobProcesses(runId).Count > 0, TimeSpan.FromSeconds(60), "the training process to start");

        using var response = await host.Http.PostAsync($"runs/{runId}/cancel", null);

        Assert.AreEqual(HttpStatusCode.Accepted, response.StatusCode, await response.Content.ReadAsStringAsync());
        var view = await RunFollower.WaitUntilEndedAsync(host, runId, TimeSpan.FromMinutes(1));
        Assert.AreEqual("Terminated", RunFollower.RuntimeStatus(view), view.ToString());
        await WaitForAsync(() => JobProcesses(runId).Count == 0, TimeSpan.FromSeconds(45), "the job processes to stop");
    }

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
