using QcsCloud.Core;
using QcsCloud.Training.Checkpoints;
using QcsCloud.Training.Loop;

namespace QcsCloud.Training.Tests;

[TestClass]
public sealed class ResumeTests
{
    private readonly List<string> folders = [];

    private string NewFolder()
    {
        var dir = Directory.CreateTempSubdirectory("qcs-resume-").FullName;
        folders.Add(dir);
        return dir;
    }

    [TestCleanup]
    public void Delete()
    {
        foreach (var f in folders) Directory.Delete(f, recursive: true);
    }

    /// <summary>Cancels the run when it reaches (epoch, step): like SIGTERM, the session checkpoints and throws.</summary>
    private sealed class StopAt(int epoch, int step, CancellationTokenSource stop) : ITrainingObserver
    {
        public void StepCompleted(StepInfo info)
        {
            if (info.Epoch == epoch && info.Step == step) stop.Cancel();
        }
    }

    /// <summary>The steps a session runs and where it says it started: the marker that it resumed rather than retrained.</summary>
    private sealed class StepLog : ITrainingObserver
    {
        public List<(int Epoch, int Step)> Steps { get; } = [];
        public RunStartInfo? Start { get; private set; }
        public void RunStarted(RunStartInfo info) => Start = info;
        public void StepCompleted(StepInfo info) => Steps.Add((info.Epoch, info.Step));
    }

    private static Dictionary<string, float[]> Weights(string folder)
    {
        using var checkpoint = Checkpoint.Load(Path.Combine(folder, BlobLayout.LastCheckpointFile));
        return checkpoint.ModelState.ToDictionary(kv => kv.Key, kv => kv.Value.to_type(TorchSharp.torch.ScalarType.Float32).data<float>().ToArray());
    }

    [TestMethod]
    [DataRow(0, 2, DisplayName = "stopped mid-epoch")]
    [DataRow(1, 3, DisplayName = "stopped at an epoch boundary")]
    public void A_run_stopped_and_resumed_ends_with_bitwise_identical_weights(int stopEpoch, int stopStep)
    {
        var dataset = SyntheticData.Load(DatasetKind.RafDb, perClass: 6);
        var config = TrainingRunTests.TinyQcs(epochs: 3, steps: 3, batch: 4) with { ValidationFraction = 0.25 };
        var uninterrupted = NewFolder();
        var resumed = NewFolder();

        var expected = new TrainingSession(config, dataset, uninterrupted).Run();

        using var stop = new CancellationTokenSource();
        Assert.ThrowsExactly<OperationCanceledException>(() =>
            new TrainingSession(config, dataset, resumed, new StopAt(stopEpoch, stopStep, stop)).Run(stop.Token));
        var header = Checkpoint.ReadHeader(Path.Combine(resumed, BlobLayout.LastCheckpointFile));
        Assert.AreEqual(stopStep == 3 ? stopEpoch + 1 : stopEpoch, header.Epoch, "checkpoint epoch");
        Assert.AreEqual(stopStep == 3 ? 0 : stopStep, header.NextBatch, "checkpoint position in the epoch");
        var log = new StepLog();
        var actual = new TrainingSession(config, dataset, resumed, log).Run();

        // Resumed, not retrained from scratch (which would give the same weights, training being deterministic): the
        // second session starts right after the stop and never runs steps 1..k again.
        var remaining = Enumerable.Range(0, 3).SelectMany(e => Enumerable.Range(1, 3).Select(s => (Epoch: e, Step: s)))
            .Where(p => p.Epoch > stopEpoch || (p.Epoch == stopEpoch && p.Step > stopStep)).ToList();
        Assert.AreEqual(remaining[0], log.Steps[0], "the second session's first step");
        CollectionAssert.AreEqual(remaining, log.Steps, "the second session runs exactly the steps after the stop");
        Assert.IsNotNull(log.Start?.ResumedFrom, "the second session says it resumed from last.ckpt");

        var a = Weights(uninterrupted);
        var b = Weights(resumed);
        CollectionAssert.AreEquivalent(a.Keys, b.Keys);
        foreach (var (name, values) in a) CollectionAssert.AreEqual(values, b[name], $"tensor {name} differs after resume");
        Assert.AreEqual(expected.Epochs.Count, actual.Epochs.Count);
        for (var e = 0; e < expected.Epochs.Count; e++)
        {
            Assert.AreEqual(expected.Epochs[e].TrainLoss, actual.Epochs[e].TrainLoss, 1e-12, $"epoch {e} train loss");
            Assert.AreEqual(expected.Epochs[e].Test!.Accuracy, actual.Epochs[e].Test!.Accuracy, $"epoch {e} test accuracy");
        }
    }

    [TestMethod]
    public void Resuming_with_another_seed_is_refused_and_names_the_difference()
    {
        var dataset = SyntheticData.Load(DatasetKind.RafDb, perClass: 6);
        var config = TrainingRunTests.TinyQcs(epochs: 2, steps: 1, batch: 4);
        var folder = NewFolder();
        using var stop = new CancellationTokenSource();
        stop.Cancel();
        Assert.ThrowsExactly<OperationCanceledException>(() => new TrainingSession(config, dataset, folder).Run(stop.Token));

        var e = Assert.ThrowsExactly<TrainingInputException>(() => new TrainingSession(config with { Seed = 99 }, dataset, folder).Run());
        StringAssert.Contains(e.Message, "seed: checkpoint 3, this run 99");
    }
}
