using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using QcsCloud.Core;
using QcsCloud.Workflow.Configuration;
using QcsCloud.Workflow.Models;

namespace QcsCloud.Workflow.Launchers;

/// <summary>
/// Runs <c>qcs</c> as child processes of the host (local mode): at most <see cref="LocalProcessOptions.MaxConcurrentProcesses"/>
/// at once (more are refused as capacity, so the job orchestration waits), stdout/stderr to a log file per execution, and
/// the injected failures of <see cref="LocalProcessOptions"/>. A second start of a job that is still running returns the
/// running execution. Cancel sends SIGTERM (the trainer checkpoints and exits 130), then SIGKILL after 30 s.
/// Jobs get <c>QCS_JOB_NAME</c> and <c>QCS_OUTPUT_URI</c> (their completion record's folder) in their environment.
/// <para>
/// Host restarts: every running job has an entry in the state folder (<see cref="LocalJobState"/>: PID, process start
/// time, boot id, job, output, owning host). A job whose host died is an orphan; a later launcher asked to start that
/// job, or for that execution, adopts the live orphan instead of launching a second process (which would write the same
/// folder). Orphans nobody asks for within <see cref="LocalProcessOptions.OrphanGraceSeconds"/> get SIGTERM. Entries of
/// a previous boot, of a process that ended, or of a PID now used by another process (other start time) are deleted,
/// never signalled; jobs of another live host are left alone. Execution ids are GUIDs: a reused PID cannot collide.
/// </para>
/// </summary>
public sealed class LocalProcessJobLauncher : IJobLauncher, IDisposable
{
    private const int SigTerm = 15;
    private const int SigKill = 9;
    private readonly LocalProcessOptions options;
    private readonly string? connectionString;
    private readonly ILogger<LocalProcessJobLauncher> logger;
    private readonly ConcurrentDictionary<string, Execution> executions = new();
    private readonly ConcurrentDictionary<string, int> injected = new();
    private readonly object gate = new();
    private readonly LocalJobState state;
    private readonly ProcessIdentity host = ProcessIdentity.Of(Environment.ProcessId)!;

    public LocalProcessJobLauncher(IOptions<JobLauncherOptions> options, IOptions<StorageOptions> storage, ILogger<LocalProcessJobLauncher> logger)
    {
        this.options = options.Value.Local;
        connectionString = storage.Value.ConnectionString;
        this.logger = logger;
        state = new LocalJobState(this.options.StateDirectory ?? Path.Combine(this.options.WorkingDirectory ?? Path.GetTempPath(), "qcs-job-state"));
        if (this.options.OrphanGraceSeconds >= 0)
            _ = Task.Delay(TimeSpan.FromSeconds(this.options.OrphanGraceSeconds), CancellationToken.None)
                .ContinueWith(_ => StopUnclaimedOrphans(), TaskScheduler.Default);
    }

    /// <summary>The local slots (<see cref="LocalProcessOptions.MaxConcurrentProcesses"/>): a run's window is clamped to them.</summary>
    public int? Slots => options.MaxConcurrentProcesses;

    /// <summary>Folder of the running jobs' entries (<see cref="LocalJobState"/>).</summary>
    public string StateDirectory => state.Directory;

    /// <summary>Folder of the per-execution log files.</summary>
    public string LogDirectory => Path.Combine(options.WorkingDirectory ?? Path.GetTempPath(), "qcs-job-logs");

    public Task<JobHandle> StartAsync(JobSpec spec, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            var running = executions.Values.FirstOrDefault(e => e.Handle.JobName == spec.Name && !e.Ended)
                ?? AdoptOrphans(e => e.Handle.JobName == spec.Name).FirstOrDefault();
            if (running is not null) return Task.FromResult(running.Handle);

            if (Inject(options.FailLaunch, "launch", spec.Name))
                throw new JobLaunchException(LaunchOutcome.CapacityRefused, $"Injected launch failure for {spec.Name} (Qcs:Jobs:Local:FailLaunch).");
            var busy = executions.Values.Count(e => !e.Ended);
            if (busy >= options.MaxConcurrentProcesses)
                throw new JobLaunchException(LaunchOutcome.CapacityRefused,
                    $"All {options.MaxConcurrentProcesses} local job slots are busy (Qcs:Jobs:Local:MaxConcurrentProcesses).");

            var id = $"local-{Guid.NewGuid():N}";
            var handle = new JobHandle(spec.Name, id, spec.OutputUri, DateTimeOffset.UtcNow);
            if (Inject(options.Crash, "crash", spec.Name))
            {
                executions[id] = Execution.Finished(handle, JobExitCode.TrainingFailed, "Injected crash (Qcs:Jobs:Local:Crash).");
                return Task.FromResult(handle);
            }

            var (file, prefixArgs) = SplitCommand(options.TrainerCommand
                ?? throw new JobLaunchException(LaunchOutcome.InvalidRequest, "Qcs:Jobs:Local:TrainerCommand is not set."));
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
            start.Environment["QCS_JOB_NAME"] = spec.Name;
            start.Environment["QCS_OUTPUT_URI"] = spec.OutputUri;
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
                throw new JobLaunchException(LaunchOutcome.InvalidRequest, $"Cannot start '{file}' (Qcs:Jobs:Local:TrainerCommand): {e.Message}", e);
            }
            var identity = ProcessIdentity.Of(process.Id);
            var execution = new Execution(handle, process, log, identity);
            executions[id] = execution;
            if (identity is not null) state.Save(new LocalJobEntry(handle, identity, host, log));
            execution.Pump(() => state.Delete(id));
            logger.LogInformation("Job {JobName} started as process {Pid}, log {Log}", spec.Name, process.Id, log);

            if (Inject(options.Kill, "kill", spec.Name))
                _ = Task.Delay(TimeSpan.FromSeconds(options.Kill!.AfterSeconds), CancellationToken.None)
                    .ContinueWith(_ => Terminate(execution, "Injected kill (Qcs:Jobs:Local:Kill)"), TaskScheduler.Default);
            return Task.FromResult(handle);
        }
    }

    public Task<JobStatus> GetStatusAsync(JobHandle handle, CancellationToken cancellationToken)
    {
        if (Find(handle) is not { } e)
            // This host restarted and the process is gone: like a preemption, a relaunch resumes from the last checkpoint.
            return Task.FromResult(new JobStatus(JobState.Failed, JobExitCode.Cancelled, $"execution {handle.ExecutionId} is unknown to this host (restarted?)"));
        if (!e.Ended) return Task.FromResult(new JobStatus(JobState.Running));
        if (e.Process is null && e.Error is null)
            // An adopted orphan is not our child: its exit code is lost, its completion record decides.
            return Task.FromResult(new JobStatus(JobState.Failed, null,
                $"execution {handle.ExecutionId} (pid {e.Identity?.Pid}) ended after this host adopted it; exit code unknown (log {e.LogFile})"));
        var code = e.ExitCode;
        // Killed by SIGTERM before the trainer could handle it: 128 + 15; it is a preemption all the same.
        if (code == 128 + SigTerm) code = JobExitCode.Cancelled;
        return Task.FromResult(code == 0
            ? new JobStatus(JobState.Succeeded, 0)
            : new JobStatus(JobState.Failed, code, e.Error ?? $"exit code {code}; last output: {e.Tail()} (log {e.LogFile})"));
    }

    public Task CancelAsync(JobHandle handle, CancellationToken cancellationToken)
    {
        if (Find(handle) is { Ended: false } e) Terminate(e, "Cancelled");
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        foreach (var e in executions.Values.Where(e => !e.Ended))
        {
            if (e.Process is not null)
                try { e.Process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            else if (e.Identity is { } orphan && orphan.IsAlive())
            {
                kill(orphan.Pid, SigKill);
                state.Delete(e.Handle.ExecutionId);
            }
        }
    }

    /// <summary>This host's execution, or an orphan of a dead host with that id, adopted.</summary>
    private Execution? Find(JobHandle handle)
    {
        if (executions.TryGetValue(handle.ExecutionId, out var e)) return e;
        lock (gate) return AdoptOrphans(entry => entry.Handle.ExecutionId == handle.ExecutionId).FirstOrDefault();
    }

    /// <summary>
    /// Takes over the live jobs of dead hosts that match (call under <see cref="gate"/>); deletes entries that cannot
    /// be a live job: another boot's, an ended process's, a reused PID's (its start time differs).
    /// </summary>
    private List<Execution> AdoptOrphans(Func<LocalJobEntry, bool> wanted)
    {
        var adopted = new List<Execution>();
        foreach (var entry in state.ReadAll())
        {
            var id = entry.Handle.ExecutionId;
            if (executions.ContainsKey(id)) continue;                                   // ours
            if (entry.Host.Pid != host.Pid && entry.Host.IsAlive()) continue;           // another live host's job
            if (!entry.Process.IsAlive())
            {
                state.Delete(id);                                                       // ended, other boot or reused PID: never signalled
                continue;
            }
            if (!wanted(entry)) continue;
            var execution = Execution.Adopted(entry.Handle, entry.Process, entry.LogFile);
            executions[id] = execution;
            state.Save(entry with { Host = host });
            logger.LogWarning("Adopted job {JobName} (pid {Pid}, execution {ExecutionId}) left running by a host that ended", entry.Handle.JobName, entry.Process.Pid, id);
            adopted.Add(execution);
        }
        return adopted;
    }

    /// <summary>Orphans whose job nobody asked for since this launcher started: stopped like a cancel (they checkpoint).</summary>
    private void StopUnclaimedOrphans()
    {
        List<Execution> orphans;
        lock (gate) orphans = AdoptOrphans(_ => true);
        foreach (var orphan in orphans)
            Terminate(orphan, $"Orphan not asked for within {options.OrphanGraceSeconds:0} s (Qcs:Jobs:Local:OrphanGraceSeconds)");
    }

    private void Terminate(Execution e, string why)
    {
        if (e.Ended) return;
        var pid = e.Process?.Id ?? e.Identity!.Pid;
        logger.LogInformation("{Why}: SIGTERM to job {JobName} (pid {Pid})", why, e.Handle.JobName, pid);
        kill(pid, SigTerm);
        _ = Task.Delay(TimeSpan.FromSeconds(30), CancellationToken.None).ContinueWith(_ =>
        {
            if (e.Ended) return;
            if (e.Process is not null)
                try { e.Process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            else
                kill(pid, SigKill);   // Ended was false: the same process (start time checked), not a reused PID
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
        if (parts.Length == 0) throw new JobLaunchException(LaunchOutcome.InvalidRequest, "Qcs:Jobs:Local:TrainerCommand is empty.");
        return (parts[0], parts[1..]);
    }

    [DllImport("libc", SetLastError = true)]
#pragma warning disable SYSLIB1054 // a two-int signature needs no marshalling source generator (nor unsafe code)
    private static extern int kill(int pid, int sig);
#pragma warning restore SYSLIB1054

    /// <param name="identity">The process across restarts; for an adopted orphan (no <paramref name="process"/>), how to tell it still runs.</param>
    private sealed class Execution(JobHandle handle, Process? process, string? logFile, ProcessIdentity? identity)
    {
        private readonly Queue<string> tail = new();
        private int? exitCode;
        public JobHandle Handle { get; } = handle;
        public Process? Process { get; } = process;
        public string? LogFile { get; } = logFile;
        public ProcessIdentity? Identity { get; } = identity;
        public string? Error { get; private init; }
        public bool Ended => exitCode is not null || (Process is null && Identity?.IsAlive() != true);
        public int ExitCode => exitCode ?? -1;

        public static Execution Finished(JobHandle handle, int code, string error) =>
            new(handle, null, null, null) { exitCode = code, Error = error };

        public static Execution Adopted(JobHandle handle, ProcessIdentity identity, string logFile) => new(handle, null, logFile, identity);

        /// <summary>Copies output to the log file, keeps the last lines for the error text, records the exit code, then <paramref name="exited"/>.</summary>
        public void Pump(Action exited) => _ = Task.Run(async () =>
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
            lock (tail) writer.Flush();   // the whole log is on disk once the status says ended
            exitCode = Process.ExitCode;
            exited();
        });

        public string Tail()
        {
            lock (tail) return string.Join(" / ", tail);
        }
    }
}
