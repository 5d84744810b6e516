using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using QcsCloud.LocalHost.Tests.Support;

namespace QcsCloud.LocalHost.Tests;

/// <summary>The local host's durable backend on real Azurite, exercised through its self-check orchestration.</summary>
[TestClass]
public sealed class DurableBackendTests
{
    private static readonly string TaskHub = TestStorage.NewTaskHubName("HostsDurable");

    [ClassCleanup]
    public static async Task DeleteTaskHub() => await TaskHubCleanup.DeleteAsync(TaskHub);

    [TestMethod]
    public async Task A_self_check_orchestration_completes_on_Azurite()
    {
        await using var host = await LocalHostProcess.StartAsync(TaskHub);

        var id = await StartSelfCheckAsync(host, steps: 3, stepMilliseconds: 50);
        var status = await WaitForStatusAsync(host, id, "Completed", TimeSpan.FromSeconds(60));

        var steps = status.GetProperty("steps").EnumerateArray().ToList();
        Assert.HasCount(3, steps);
        Assert.IsTrue(steps.All(s => s.GetProperty("processId").GetInt32() == host.ProcessId), host.Output);
    }

    [TestMethod]
    public async Task A_self_check_made_of_sub_orchestrations_completes_on_Azurite()
    {
        // Regression: the sidecar's sub-orchestration records could not be stored by DurableTask.AzureStorage.
        await using var host = await LocalHostProcess.StartAsync(TaskHub);

        var id = await StartSelfCheckAsync(host, steps: 2, stepMilliseconds: 10, subOrchestrations: true);
        var status = await WaitForStatusAsync(host, id, "Completed", TimeSpan.FromSeconds(60));

        Assert.HasCount(2, status.GetProperty("steps").EnumerateArray().ToList());
        Assert.DoesNotContain("fail:", host.Output, host.Output);
    }

    [TestMethod]
    public async Task An_activity_running_longer_than_the_queue_visibility_timeout_runs_once()
    {
        // Regression: nothing renewed a running activity's queue message, so it was delivered and run again.
        await using var host = await LocalHostProcess.StartAsync(TaskHub,
            settings: new Dictionary<string, string> { ["LocalHost__QueueVisibilityTimeoutSeconds"] = "5" });

        var id = await StartSelfCheckAsync(host, steps: 1, stepMilliseconds: 14_000);
        await WaitForStatusAsync(host, id, "Completed", TimeSpan.FromSeconds(60));

        var starts = host.Output.Split('\n').Count(line => line.Contains($"Self-check step 0 of {id} started"));
        Assert.AreEqual(1, starts, host.Output);
    }

    [TestMethod]
    public async Task A_host_killed_mid_orchestration_resumes_it_after_restart()
    {
        // Short visibility and lease: the restarted host picks up the dead one's messages and partition sooner.
        var fast = new Dictionary<string, string> { ["LocalHost__QueueVisibilityTimeoutSeconds"] = "8", ["LocalHost__LeaseSeconds"] = "6" };
        var first = await LocalHostProcess.StartAsync(TaskHub, settings: fast);
        var id = await StartSelfCheckAsync(first, steps: 6, stepMilliseconds: 1000);
        await WaitForAsync(first, id, s => CompletedSteps(s) >= 2, TimeSpan.FromSeconds(60));
        var firstPid = first.ProcessId;
        first.Kill();
        await first.DisposeAsync();

        await using var second = await LocalHostProcess.StartAsync(TaskHub, settings: fast);
        var status = await WaitForStatusAsync(second, id, "Completed", TimeSpan.FromSeconds(120));

        var pids = status.GetProperty("steps").EnumerateArray().Select(s => s.GetProperty("processId").GetInt32()).ToList();
        Assert.HasCount(6, pids);
        Assert.AreEqual(firstPid, pids[0], "the first steps ran before the kill and were not run again");
        Assert.AreEqual(second.ProcessId, pids[^1], "the last step ran in the restarted host");
    }

    [TestMethod]
    public async Task A_self_check_request_with_bad_numbers_is_rejected_with_each_problem_named()
    {
        await using var host = await LocalHostProcess.StartAsync(TaskHub);

        using var response = await host.Http.PostAsJsonAsync("selfcheck", new { steps = 0, stepMilliseconds = -5 });

        Assert.AreEqual(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        StringAssert.Contains(body, "steps (0)");
        StringAssert.Contains(body, "stepMilliseconds (-5)");
    }

    [TestMethod]
    public async Task Invalid_settings_stop_the_host_at_start_with_the_setting_named()
    {
        await using var host = await LocalHostProcess.StartAsync(
            "x", settings: new Dictionary<string, string> { ["LocalHost__PartitionCount"] = "99" }, waitUntilHealthy: false);

        var exitCode = await host.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.AreEqual(2, exitCode);
        StringAssert.Contains(host.Output, "LocalHost:TaskHubName = 'x'");
        StringAssert.Contains(host.Output, "LocalHost:PartitionCount = '99'");
    }

    private static async Task<string> StartSelfCheckAsync(LocalHostProcess host, int steps, int stepMilliseconds, bool subOrchestrations = false)
    {
        using var response = await host.Http.PostAsJsonAsync("selfcheck", new { steps, stepMilliseconds, subOrchestrations });
        Assert.AreEqual(HttpStatusCode.Accepted, response.StatusCode, await response.Content.ReadAsStringAsync());
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return body.GetProperty("id").GetString()!;
    }

    private static int CompletedSteps(JsonElement status) =>
        status.TryGetProperty("progress", out var p) && p.ValueKind == JsonValueKind.Object ? p.GetProperty("completedSteps").GetInt32() : 0;

    private static Task<JsonElement> WaitForStatusAsync(LocalHostProcess host, string id, string runtimeStatus, TimeSpan timeout) =>
        WaitForAsync(host, id, s => s.GetProperty("status").GetString() == runtimeStatus, timeout);

    private static async Task<JsonElement> WaitForAsync(LocalHostProcess host, string id, Func<JsonElement, bool> done, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        JsonElement last = default;
        while (DateTime.UtcNow < deadline)
        {
            last = await host.GetJsonAsync<JsonElement>($"selfcheck/{id}");
            if (done(last)) return last;
            var runtime = last.GetProperty("status").GetString();
            if (runtime is "Failed" or "Terminated") Assert.Fail($"Self-check {id} ended {runtime}: {last}\n{host.Output}");
            await Task.Delay(100);
        }
        Assert.Fail($"Self-check {id} not done after {timeout}; last status {last}\n{host.Output}");
        return last;
    }
}
