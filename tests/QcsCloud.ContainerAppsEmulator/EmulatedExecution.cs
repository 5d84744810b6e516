using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;

namespace QcsCloud.ContainerAppsEmulator;

/// <summary>
/// One execution of a job: a real process (the image's entry point with the template's args and env), its
/// <c>properties.status</c> as Container Apps reports it (Processing, Running, Succeeded, Failed, Stopped) and no
/// exit code, exactly as the REST API exposes none.
/// </summary>
public sealed class EmulatedExecution
{
    private const int SigTerm = 15;
    private readonly object gate = new();
    private Process? process;
    private string status = "Processing";
    private bool stopRequested, timedOut;

    internal EmulatedExecution(string jobId, string name, JsonObject template, DateTimeOffset created)
    {
        JobId = jobId;
        Name = name;
        Template = template;
        StartTime = created;
    }

    public string JobId { get; }
    public string Name { get; }
    public string Id => $"{JobId}/executions/{Name}";
    public JsonObject Template { get; }
    public DateTimeOffset StartTime { get; }
    public DateTimeOffset? EndTime { get; private set; }

    public string Status { get { lock (gate) return status; } }

    /// <summary>The value of an environment variable of the template's first container (tests match job names with it).</summary>
    public string? Env(string name) => (Template["containers"] as JsonArray)?.FirstOrDefault()?["env"]?.AsArray()
        .FirstOrDefault(e => (string?)e?["name"] == name)?["value"]?.GetValue<string>();

    /// <summary>Process id of the replica while it runs (tests kill or inspect it).</summary>
    public int? ProcessId { get { lock (gate) return process is { HasExited: false } p ? p.Id : null; } }

    public bool IsLive => Status is "Processing" or "Running";

    /// <summary>Starts the replica after <paramref name="delay"/> (a slow start), unless it was stopped meanwhile.</summary>
    internal void Launch(EmulatorOptions options, TimeSpan delay)
    {
        _ = Task.Run(async () =>
        {
            if (delay > TimeSpan.Zero) await Task.Delay(delay);
            Spawn(options);
        });
    }

    private void Spawn(EmulatorOptions options)
    {
        var container = (Template["containers"] as JsonArray)?.FirstOrDefault() as JsonObject;
        var parts = options.TrainerCommand.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var start = new ProcessStartInfo(parts[0]) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in parts.Skip(1)) start.ArgumentList.Add(a);
        foreach (var a in container?["args"]?.AsArray() ?? []) start.ArgumentList.Add(a?.GetValue<string>() ?? "");
        foreach (var (k, v) in options.Environment) start.Environment[k] = v;
        foreach (var e in container?["env"]?.AsArray() ?? [])
            if ((string?)e?["name"] is { } k) start.Environment[k] = (string?)e["value"] ?? "";

        var logs = options.LogDirectory ?? Path.Combine(Path.GetTempPath(), "qcs-emulator-logs");
        Directory.CreateDirectory(logs);
        var log = new StreamWriter(Path.Combine(logs, $"{Name}.log")) { AutoFlush = true };
        lock (gate)
        {
            if (stopRequested) { Finish("Stopped"); log.Dispose(); return; }
            try
            {
                process = Process.Start(start)!;
            }
            catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
            {
                log.WriteLine($"emulator: could not start '{options.TrainerCommand}': {e.Message}");
                log.Dispose();
                Finish("Failed");
                return;
            }
            status = "Running";
        }
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _ = Task.Run(async () =>
        {
            await process.WaitForExitAsync();
            lock (log) log.Dispose();
            lock (gate) Finish(stopRequested ? "Stopped" : timedOut ? "Failed" : process.ExitCode == 0 ? "Succeeded" : "Failed");
        });
        _ = Task.Run(async () =>
        {
            await Task.Delay(options.ReplicaTimeout);
            lock (gate)
            {
                if (!IsLiveLocked) return;
                timedOut = true;
            }
            await TerminateAsync(options.TerminationGrace);
        });
    }

    /// <summary>SIGTERM, then SIGKILL after the grace period; the execution ends Stopped.</summary>
    internal Task StopAsync(TimeSpan grace)
    {
        lock (gate)
        {
            if (!IsLiveLocked) return Task.CompletedTask;
            stopRequested = true;
            if (process is null) { Finish("Stopped"); return Task.CompletedTask; }
        }
        return TerminateAsync(grace);
    }

    private async Task TerminateAsync(TimeSpan grace)
    {
        Process? p;
        lock (gate) p = process;
        if (p is null) return;
        try
        {
            if (grace > TimeSpan.Zero && !p.HasExited) kill(p.Id, SigTerm);
            using var wait = new CancellationTokenSource(grace);
            try { await p.WaitForExitAsync(wait.Token); }
            catch (OperationCanceledException) { }
            if (!p.HasExited) p.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Exited meanwhile.
        }
    }

    private bool IsLiveLocked => status is "Processing" or "Running";

    private void Finish(string final)
    {
        status = final;
        EndTime = DateTimeOffset.UtcNow;
    }

    /// <summary>The <c>JobExecution</c> resource of the REST specification.</summary>
    public JsonObject ToJson()
    {
        lock (gate)
        {
            var properties = new JsonObject
            {
                ["status"] = status,
                ["startTime"] = StartTime.ToString("O"),
                ["template"] = Template.DeepClone(),
            };
            if (EndTime is { } end) properties["endTime"] = end.ToString("O");
            return new JsonObject
            {
                ["name"] = Name,
                ["id"] = Id,
                ["type"] = "Microsoft.App/jobs/executions",
                ["properties"] = properties,
            };
        }
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int sig);
}
