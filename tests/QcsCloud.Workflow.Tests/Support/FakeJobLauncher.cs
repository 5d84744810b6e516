using System.Collections.Concurrent;
using QcsCloud.Core;
using QcsCloud.Workflow.Launchers;
using QcsCloud.Workflow.Storage;
using QcsCloud.Workflow.Models;

namespace QcsCloud.Workflow.Tests.Support;

/// <summary>
/// An in-process launcher that "runs" a job by writing the real files a job writes (metrics.json, best.ckpt, then
/// completion.json last) to real Azurite. Per job name a script says how each attempt ends (exit codes), how many
/// launches are refused for capacity, whether it hangs, and its test accuracy.
/// </summary>
public sealed class FakeJobLauncher(QcsStorage storage) : IJobLauncher
{
    private readonly ConcurrentDictionary<string, JobScript> scripts = new();
    private readonly ConcurrentDictionary<string, Execution> executions = new();
    private readonly ConcurrentQueue<JobSpec> launches = new();
    private readonly ConcurrentQueue<string> cancelled = new();
    // Every start (+1) and end (-1) of an execution, in the order they happened: concurrency is measured per run from it.
    private readonly List<(string Job, int Delta)> runningEvents = [];
    private int sequence, slotRefusals;
    private (string Fragment, int Slots)? slotLimit;

    public IReadOnlyList<JobSpec> Launches => launches.ToList();
    public IReadOnlyList<string> Cancelled => cancelled.ToList();
    /// <summary>The most executions whose job name contains <paramref name="fragment"/> (e.g. a run id) that ran at once.</summary>
    public int MaxRunning(string fragment)
    {
        lock (runningEvents)
        {
            int now = 0, max = 0;
            foreach (var (job, delta) in runningEvents.Where(e => e.Job.Contains(fragment, StringComparison.Ordinal)))
                max = Math.Max(max, now += delta);
            return max;
        }
    }

    /// <summary>Scripts every job whose name contains <paramref name="fragment"/> (e.g. a run id plus "-rafdb-pretrain-s2").</summary>
    public void Script(string fragment, JobScript script) => scripts[fragment] = script;

    public int LaunchCount(string jobName) => launches.Count(s => s.Name == jobName);

    /// <summary>Launches refused because the slots of <see cref="LimitSlots"/> were full.</summary>
    public int SlotRefusals => slotRefusals;

    /// <summary>The launcher's slot count that runs are clamped to (null: no fixed limit, like Container Apps).</summary>
    public int? Slots => slotLimit?.Slots;

    /// <summary>
    /// Gives the launcher <paramref name="slots"/> slots for jobs whose name contains <paramref name="fragment"/> (a
    /// launch beyond them is a capacity refusal, counted in <see cref="SlotRefusals"/>); null removes the limit.
    /// </summary>
    public void LimitSlots(string? fragment, int slots = 0)
    {
        slotLimit = fragment is null ? null : (fragment, slots);
        slotRefusals = 0;
    }

    public async Task<JobHandle> StartAsync(JobSpec spec, CancellationToken cancellationToken)
    {
        var script = ScriptFor(spec.Name);
        if (script.ThrowOnStart) throw new InvalidOperationException("fake: the launcher broke");
        if (script.CapacityRefusals > 0 && Interlocked.Increment(ref script.Refused) <= script.CapacityRefusals)
            throw new JobLaunchException(LaunchOutcome.CapacityRefused, "fake: no capacity");
        if (slotLimit is { } limit && spec.Name.Contains(limit.Fragment))
            lock (executions)
                if (executions.Values.Count(e => !e.Done && e.Spec.Name.Contains(limit.Fragment)) >= limit.Slots)
                {
                    Interlocked.Increment(ref slotRefusals);
                    throw new JobLaunchException(LaunchOutcome.CapacityRefused, $"fake: all {limit.Slots} slots busy");
                }
        var attempt = Interlocked.Increment(ref script.Attempts) - 1;
        launches.Enqueue(spec);
        Record(spec.Name, +1);

        var handle = new JobHandle(spec.Name, $"fake-{Interlocked.Increment(ref sequence)}", spec.OutputUri, DateTimeOffset.UtcNow);
        var exit = script.ExitCodes.Count == 0 ? 0 : script.ExitCodes[Math.Min(attempt, script.ExitCodes.Count - 1)];
        var execution = new Execution(spec, exit, script.Hang, DateTime.UtcNow + script.Duration) { PollsLeft = script.PollsUntilDone };
        executions[handle.ExecutionId] = execution;
        if (!script.Hang && script.Duration == TimeSpan.Zero && script.PollsUntilDone == 0) await FinishAsync(execution, cancellationToken);
        return handle;
    }

    public async Task<JobStatus> GetStatusAsync(JobHandle handle, CancellationToken cancellationToken)
    {
        var e = executions[handle.ExecutionId];
        if (ScriptFor(handle.JobName).PollThrows is { } error) throw new InvalidOperationException(error);
        if (!e.Done && !e.Hang && DateTime.UtcNow >= e.EndsAt && Interlocked.Decrement(ref e.PollsLeft) < 0) await FinishAsync(e, cancellationToken);
        if (!e.Done) return new JobStatus(JobState.Running);
        return e.ExitCode == 0 ? new JobStatus(JobState.Succeeded, 0) : new JobStatus(JobState.Failed, e.ExitCode, $"fake exit {e.ExitCode}");
    }

    public Task CancelAsync(JobHandle handle, CancellationToken cancellationToken)
    {
        cancelled.Enqueue(handle.JobName);
        if (executions.TryGetValue(handle.ExecutionId, out var e) && !e.Done)
        {
            e.Done = true;
            e.ExitCode = JobExitCode.Cancelled;
            Record(e.Spec.Name, -1);
        }
        return Task.CompletedTask;
    }

    private async Task FinishAsync(Execution e, CancellationToken ct)
    {
        lock (e)
        {
            if (e.Done || e.Finishing) return;
            e.Finishing = true;
        }
        var spec = e.Spec;
        var started = DateTimeOffset.UtcNow;
        if (spec.Kind == JobKind.Train && e.ExitCode == 0)
        {
            var script = ScriptFor(spec.Name);
            var dataset = spec.Arguments[spec.Arguments.ToList().IndexOf("--dataset") + 1];
            var seed = int.Parse(spec.Arguments[spec.Arguments.ToList().IndexOf("--seed") + 1]);
            var classes = DatasetCatalog.ClassNames(DatasetCatalog.Parse(dataset));
            var confusion = classes.Select((_, i) => (IReadOnlyList<int>)classes.Select((_, j) => i == j ? 5 : 0).ToList()).ToList();
            var test = new EvaluationResult("test", classes, 5 * classes.Count, script.Accuracy, classes.Select(_ => script.Accuracy).ToList(),
                script.Accuracy, script.Accuracy, confusion);
            var epoch = new EpochMetrics(1, 0.5, script.Accuracy, 1e-4, 1, 10, null, test);
            var metrics = new TrainingMetrics(dataset, TrainingMode.Qcs, spec.Arguments.Contains("--finetune-from") ? TrainPhase.FineTune : TrainPhase.Pretrain,
                seed, 1, true, [epoch], null, new SelectedEpoch(1, "best-test-accuracy", test), new SelectedEpoch(1, "last-epoch", test));
            await storage.WriteJsonAsync(spec.OutputUri, BlobLayout.MetricsFile, metrics, ct);
            await storage.BlobIn(spec.OutputUri, BlobLayout.BestCheckpointFile).UploadAsync(BinaryData.FromString("fake"), overwrite: true, ct);
            if (script.WritesExplain && spec.Arguments.Contains("--explain"))
            {
                // What `qcs train --explain` leaves: explain/attention-00.png, then explain/explain.json last.
                var explain = spec.OutputUri.TrimEnd('/') + "/explain/";
                await storage.BlobIn(explain, "attention-00.png").UploadAsync(new BinaryData(OnePixelPng), overwrite: true, ct);
                var index = $$"""{"dataset": "{{dataset}}", "mode": "qcs", "split": "test", "figures": [{"file": "attention-00.png", "caption": "{{ExplainCaption(dataset, seed)}}"}]}""";
                await storage.BlobIn(explain, "explain.json").UploadAsync(BinaryData.FromString(index), overwrite: true, ct);
            }
        }
        if (e.ExitCode != JobExitCode.Cancelled)
            await storage.WriteJsonAsync(spec.OutputUri, BlobLayout.CompletionFile,
                new JobCompletion(spec.Name, e.ExitCode == 0, e.ExitCode, e.ExitCode == 0 ? null : $"fake exit {e.ExitCode}", started, DateTimeOffset.UtcNow), ct);
        e.Done = true;
        Record(spec.Name, -1);
    }

    private void Record(string job, int delta)
    {
        lock (runningEvents) runningEvents.Add((job, delta));
    }

    /// <summary>The caption of the attention figure a <see cref="JobScript.WritesExplain"/> job writes.</summary>
    public static string ExplainCaption(string dataset, int seed) => $"fake attention {dataset} seed {seed}";

    /// <summary>A valid 1x1 RGB PNG (the report embeds it as a data URI).</summary>
    private static readonly byte[] OnePixelPng = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC");

    private JobScript ScriptFor(string name) =>
        scripts.Where(s => name.Contains(s.Key)).OrderByDescending(s => s.Key.Length).Select(s => s.Value).FirstOrDefault()
        ?? scripts.GetOrAdd("\u0000" + name, _ => new JobScript());


    private sealed class Execution(JobSpec spec, int exitCode, bool hang, DateTime endsAt)
    {
        public JobSpec Spec { get; } = spec;
        public int ExitCode { get; set; } = exitCode;
        public bool Hang { get; } = hang;
        public DateTime EndsAt { get; } = endsAt;
        public volatile bool Done;
        public int PollsLeft;
        public bool Finishing;
    }
}

/// <summary>How a fake job behaves: exit code per attempt (the last repeats), capacity refusals, duration, accuracy.</summary>
public sealed class JobScript
{
    public IReadOnlyList<int> ExitCodes { get; init; } = [];
    public int CapacityRefusals { get; init; }
    public bool Hang { get; init; }
    /// <summary>StartAsync throws a plain exception (a broken launcher or storage), not a launch refusal.</summary>
    public bool ThrowOnStart { get; init; }
    /// <summary>Every status poll throws with this message (an ARM 401, an unreadable record); the job itself hangs.</summary>
    public string? PollThrows { get; init; }
    public TimeSpan Duration { get; init; }
    /// <summary>The job reports Running to this many status polls, then ends.</summary>
    public int PollsUntilDone { get; init; }
    public double Accuracy { get; init; } = 0.5;
    /// <summary>A succeeded train job given <c>--explain</c> also writes <c>explain/attention-00.png</c> + <c>explain.json</c>.</summary>
    public bool WritesExplain { get; init; }
    internal int Attempts;
    internal int Refused;
}
