using System.Net;
using System.Text;
using System.Text.Json;
using QcsCloud.LocalHost.Tests.Support;

namespace QcsCloud.EndToEnd.Tests.Support;

/// <summary>Starts runs and follows them through the HTTP API, as local-run.sh does.</summary>
public static class RunFollower
{
    public static async Task<string> StartAsync(LocalHostProcess host, string planJson)
    {
        using var content = new StringContent(planJson, Encoding.UTF8, "application/json");
        using var response = await host.Http.PostAsync("runs", content);
        var body = await response.Content.ReadAsStringAsync();
        // The host's own log explains a 5xx (the response body of an unhandled exception is empty).
        Assert.AreEqual(HttpStatusCode.Accepted, response.StatusCode, $"{body}\nHost output:\n{host.Output}");
        return JsonDocument.Parse(body).RootElement.GetProperty("id").GetString()!;
    }

    public static async Task<JsonElement> GetAsync(LocalHostProcess host, string runId)
    {
        using var response = await host.Http.GetAsync($"runs/{runId}");
        var body = await response.Content.ReadAsStringAsync();
        // The host's own log explains a 5xx (the response body of an unhandled exception is empty).
        if (!response.IsSuccessStatusCode) Assert.Fail($"GET runs/{runId}: {(int)response.StatusCode} {body}\nHost output:\n{Tail(host.Output, 6000)}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>Polls <c>GET /api/runs/{id}</c> until <paramref name="done"/> holds; fails on timeout with the last view and the host's output.</summary>
    public static async Task<JsonElement> WaitAsync(LocalHostProcess host, string runId, Func<JsonElement, bool> done, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        JsonElement view = default;
        var last = "";
        while (DateTime.UtcNow < deadline)
        {
            view = await GetAsync(host, runId);
            var line = Describe(view);
            if (line != last) Console.WriteLine($"{DateTime.UtcNow:HH:mm:ss} {line}");
            last = line;
            if (done(view)) return view;
            await Task.Delay(500);
        }
        Assert.Fail($"Run {runId} not there after {timeout}: {view}\n--- host output ---\n{Tail(host.Output, 6000)}");
        return view;
    }

    public static Task<JsonElement> WaitUntilEndedAsync(LocalHostProcess host, string runId, TimeSpan timeout) =>
        WaitAsync(host, runId, v => RuntimeStatus(v) is "Completed" or "Failed" or "Terminated", timeout);

    public static string RuntimeStatus(JsonElement view) => view.GetProperty("runtimeStatus").GetString()!;

    public static IEnumerable<JsonElement> Jobs(JsonElement view) => view.GetProperty("jobs").EnumerateArray();

    /// <summary>A job's orchestration status, or "Waiting" before it is scheduled (null fields are left out of the JSON).</summary>
    public static string JobStatus(JsonElement job) =>
        job.TryGetProperty("runtimeStatus", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString()! : "Waiting";

    public static string Describe(JsonElement view)
    {
        var phase = view.TryGetProperty("progress", out var p) && p.ValueKind == JsonValueKind.Object && p.TryGetProperty("phase", out var ph) ? ph.ToString() : "-";
        var jobs = string.Join(", ", Jobs(view).Select(j =>
            $"{j.GetProperty("name").GetString()}={JobStatus(j)}"));
        return $"{RuntimeStatus(view)} phase={phase} [{jobs}]";
    }

    public static string Tail(string text, int chars) => text.Length <= chars ? text : text[^chars..];
}
