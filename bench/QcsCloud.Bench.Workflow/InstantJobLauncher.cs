using System.Collections.Concurrent;
using QcsCloud.Core;
using QcsCloud.Workflow.Launchers;
using QcsCloud.Workflow.Storage;

namespace QcsCloud.Bench.Workflow;

/// <summary>A launcher whose jobs finish as they start: it writes metrics.json and completion.json at once (real Azurite).</summary>
public sealed class InstantJobLauncher(QcsStorage storage) : IJobLauncher
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> launched = new();
    private int sequence;

    public int Launches => launched.Count;

    public async Task<JobHandle> StartAsync(JobSpec spec, CancellationToken cancellationToken)
    {
        var started = DateTimeOffset.UtcNow;
        launched[spec.Name] = started;
        if (spec.Kind == JobKind.Train)
        {
            var args = spec.Arguments.ToList();
            var dataset = args[args.IndexOf("--dataset") + 1];
            var seed = int.Parse(args[args.IndexOf("--seed") + 1]);
            var kind = DatasetCatalog.Parse(dataset);
            IReadOnlyList<string> classes = kind == DatasetKind.Generic ? ["a", "b", "c"] : DatasetCatalog.ClassNames(kind);
            var accuracy = 0.5 + seed % 7 / 100.0;
            var confusion = classes.Select((_, i) => (IReadOnlyList<int>)classes.Select((_, j) => i == j ? 5 : 0).ToList()).ToList();
            var test = new EvaluationResult("test", classes, 5 * classes.Count, accuracy, classes.Select(_ => accuracy).ToList(), accuracy, accuracy, confusion);
            var metrics = new TrainingMetrics(dataset, TrainingMode.Qcs, args.Contains("--finetune-from") ? TrainPhase.FineTune : TrainPhase.Pretrain,
                seed, 1, true, [new EpochMetrics(1, 0.5, accuracy, 1e-4, 1, 10, null, test)], null,
                new SelectedEpoch(1, "best-test-accuracy", test), new SelectedEpoch(1, "last-epoch", test));
            await storage.WriteJsonAsync(spec.OutputUri, BlobLayout.MetricsFile, metrics, cancellationToken);
        }
        await storage.WriteJsonAsync(spec.OutputUri, BlobLayout.CompletionFile,
            new JobCompletion(spec.Name, true, 0, null, started, DateTimeOffset.UtcNow), cancellationToken);
        return new JobHandle(spec.Name, $"instant-{Interlocked.Increment(ref sequence)}", spec.OutputUri, started);
    }

    public Task<JobStatus> GetStatusAsync(JobHandle handle, CancellationToken cancellationToken) =>
        Task.FromResult(new JobStatus(JobState.Succeeded, 0));

    public Task CancelAsync(JobHandle handle, CancellationToken cancellationToken) => Task.CompletedTask;
}
