using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using QcsCloud.Core;
using QcsCloud.Workflow.Configuration;

namespace QcsCloud.Workflow.Launchers;

/// <summary>
/// Runs <c>qcs</c> as child processes of the host (local mode): at most <see cref="LocalProcessOptions.MaxConcurrentProcesses"/>
/// at once (more are refused as capacity, so the job orchestration waits), stdout/stderr to a log file per execution, and
/// the injected failures of <see cref="LocalProcessOptions"/>. A second start of a job that is still running returns the
/// running execution. Cancel sends SIGTERM (the trainer checkpoints and exits 130), then SIGKILL after 30 s.
/// </summary>
public sealed class LocalProcessJobLauncher : IJobLauncher, IDisposable
{
    private const int SigTerm = 15;
    private readonly LocalProcessOptions options;
    private readonly string? connectionString;
    private readonly ILogger<LocalProcessJobLauncher> logger;
    private readonly ConcurrentDictionary<string, Execution> executions = new();
    private readonly ConcurrentDictionary<string, int> injected = new();
    private readonly object gate = new();
    private int sequence;

    public LocalProcessJobLauncher(IOptions<JobLauncherOptions> options, IOptions<StorageOptions> storage, ILogger<LocalProcessJobLauncher> logger)
    {
        this.options = options.Value.Local;
        connectionString = storage.Value.ConnectionString;
        this.logger = logger;
    }

    /// <summary>The local slots (<see cref="LocalProcessOptions.MaxConcurrentProcesses"/>): a run's window is clamped to them.</summary>
    public int? Slots => options.MaxConcurrentProcesses;

    /// <summary>Folder of the per-execution log files.</summary>
    public string LogDirectory => Path.Combine(options.WorkingDirectory ?? Path.GetTempPath(), "qcs-job-logs");

    public Task<JobHandle> StartAsync(JobSpec spec, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            var running = executions.Values.FirstOrDefault(e => e.Handle.JobName == spec.Name && !e.Ended);
            if (running is not null) return Task.FromResult(running.Handle);

            if (Inject(options.FailLaunch, "launch", spec.Name))
                throw new JobLaunchException(LaunchErrorKind.Capacity, $"Injected launch failure for {spec.Name} (Qcs:Jobs:Local:FailLaunch).");
            var busy = executions.Values.Count(e => !e.Ended);
            if (busy >= options.MaxConcurrentProcesses)
                throw new JobLaunchException(LaunchErrorKind.Capacity,
                    $"All {options.MaxConcurrentProcesses} local job slots are busy (Qcs:Jobs:Local:MaxConcurrentProcesses).");

            var id = $"local-{Environment.ProcessId}-{Interlocked.Increment(ref sequence)}";
            var handle = new JobHandle(spec.Name, id, spec.OutputUri, DateTimeOffset.UtcNow);
            if (Inject(options.Crash, "crash", spec.Name))
            {
                executions[id] = Execution.Finished(handle, JobExitCode.TrainingFailed, "Injected crash (Qcs:Jobs:Local:Crash).");
                return Task.FromResult(handle);
            }

            var (file, prefixArgs) = SplitCommand(options.TrainerCommand
                ?? throw new JobLaunchException(LaunchErrorKind.Invalid, "Qcs:Jobs:Local:TrainerCommand is not set."));
            var start = new ProcessStartInfo(file)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                WorkingDirectory = options.WorkingDirectory ?? Environment.CurrentDirectory,
            };
            foreach (var a in prefixArgs.Concat(spec.Arguments)) start.ArgumentList.Add(a);
            if (connectionString is not null) start.Environment["QCS_STORAGE_CONNECTION_STRING"] = connectionString;
            if (JobEnvironment.BlobHost(spec.OutputUri) is { } account) start.Environment[JobEnvironment.AllowedBlobHosts] = account;
            foreach (var (k, v) in options.Environment) start.Environment[k] = v;

            Directory.CreateDirectory(LogDirectory);
            var log = Path.Combine(LogDirectory, $"{spec.Name}-{id}.log");
            Process process;
            try
            {
                process = Process.Start(start) ?? throw new InvalidOperationException("Process.Start returned null");
            }
            catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
            {
                throw new JobLaunchException(LaunchErrorKind.Invalid, $"Cannot start '{file}' (Qcs:Jobs:Local:TrainerCommand): {e.Message}", e);
            }
            var execution = new Execution(handle, process, log);
            executions[id] = execution;
            execution.Pump();
            logger.LogInformation("Job {JobName} started as process {Pid}, log {Log}", spec.Name, process.Id, log);

            if (Inject(options.Kill, "kill", spec.Name))
                _ = Task.Delay(TimeSpan.FromSeconds(options.Kill!.AfterSeconds), CancellationToken.None)
                    .ContinueWith(_ => Terminate(execution, "Injected kill (Qcs:Jobs:Local:Kill)"), TaskScheduler.Default);
            return Task.FromResult(handle);
        }
    }

    public Task<JobStatus> GetStatusAsync(JobHandle handle, CancellationToken cancellationToken)
    {
        if (!executions.TryGetValue(handle.ExecutionId, out var e))
            // This host restarted and lost the process: like a preemption, a relaunch resumes from the last checkpoint.
            return Task.FromResult(new JobStatus(JobState.Failed, JobExitCode.Cancelled, $"execution {handle.ExecutionId} is unknown to this host (restarted?)"));
        if (!e.Ended) return Task.FromResult(new JobStatus(JobState.Running));
        var code = e.ExitCode;
        // Killed by SIGTERM before the trainer could handle it: 128 + 15; it is a preemption all the same.
        if (code == 128 + SigTerm) code = JobExitCode.Cancelled;
        return Task.FromResult(code == 0
            ? new JobStatus(JobState.Succeeded, 0)
            : new JobStatus(JobState.Failed, code, e.Error ?? $"exit code {code}; last output: {e.Tail()} (log {e.LogFile})"));
    }

    public Task CancelAsync(JobHandle handle, CancellationToken cancellationToken)
    {
        if (executions.TryGetValue(handle.ExecutionId, out var e) && !e.Ended) Terminate(e, "Cancelled");
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        foreach (var e in executions.Values.Where(e => !e.Ended))
            try { e.Process?.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
    }

    private void Terminate(Execution e, string why)
    {
        if (e.Ended || e.Process is null) return;
        logger.LogInformation("{Why}: SIGTERM to job {JobName} (pid {Pid})", why, e.Handle.JobName, e.Process.Id);
        kill(e.Process.Id, SigTerm);
        _ = Task.Delay(TimeSpan.FromSeconds(30), CancellationToken.None).ContinueWith(_ =>
        {
            if (!e.Ended) try { e.Process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
        }, TaskScheduler.Default);
    }

    private bool Inject(FailureInjection? rule, string kind, string jobName)
    {
        if (rule is null || !Wildcard(rule.JobPattern).IsMatch(jobName)) return false;
        var count = injected.AddOrUpdate($"{kind}:{jobName}", 1, (_, n) => n + 1);
        return count <= rule.Times;
    }

    private static Regex Wildcard(string pattern) => new("^" + Regex.Escape(pattern).Replace("\\*", ".*") + "$");

    internal static (string File, string[] Args) SplitCommand(string command)
    {
        var parts = command.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length == 0) throw new JobLaunchException(LaunchErrorKind.Invalid, "Qcs:Jobs:Local:TrainerCommand is empty.");
        return (parts[0], parts[1..]);
    }

    [DllImport("libc", SetLastError = true)]
#pragma warning disable SYSLIB1054 // a two-int signature needs no marshalling source generator (nor unsafe code)
    private static extern int kill(int pid, int sig);
#pragma warning restore SYSLIB1054

    private sealed class Execution(JobHandle handle, Process? process, string? logFile)
    {
        private readonly Queue<string> tail = new();
        private int? exitCode;
        public JobHandle Handle { get; } = handle;
        public Process? Process { get; } = process;
        public string? LogFile { get; } = logFile;
        public string? Error { get; private init; }
        public bool Ended => exitCode is not null;
        public int ExitCode => exitCode ?? -1;

        public static Execution Finished(JobHandle handle, int code, string error) =>
            new(handle, null, null) { exitCode = code, Error = error };

        /// <summary>Copies output to the log file, keeps the last lines for the error text, and records the exit code.</summary>
        public void Pump() => _ = Task.Run(async () =>
        {
            await using var writer = new StreamWriter(LogFile!, append: true);
            async Task Copy(StreamReader reader)
            {
                while (await reader.ReadLineAsync() is { } line)
                    lock (tail)
                    {
                        writer.WriteLine(line);
                        tail.Enqueue(line);
                        if (tail.Count > 10) tail.Dequeue();
                    }
            }
            await Task.WhenAll(Copy(Process!.StandardOutput), Copy(Process.StandardError));
            await Process.WaitForExitAsync();
            exitCode = Process.ExitCode;
        });

        public string Tail()
        {
            lock (tail) return string.Join(" / ", tail);
        }
    }
}
