using System.Diagnostics;
using QcsCloud.Core;
using QcsCloud.Model;
using QcsCloud.Training.Loop;
using QcsCloud.Training.Recipes;

namespace QcsCloud.Training.Tests;

[TestClass]
public sealed class TrainingRunTests
{
    public TestContext TestContext { get; set; } = null!;
    private string output = "";

    [TestInitialize]
    public void Create() => output = Directory.CreateTempSubdirectory("qcs-run-").FullName;

    [TestCleanup]
    public void Delete() => Directory.Delete(output, recursive: true);

    /// <summary>The tiny QCS network at 32x32 with a learning rate fit for training from scratch.</summary>
    internal static TrainingConfig TinyQcs(int epochs, int? steps = null, int batch = 8, double lr = 1e-3, TrainingMode mode = TrainingMode.Qcs) =>
        new(DatasetKind.RafDb, mode, Seed: 3,
            Recipe: TrainingRecipes.QcsRafDb with { Epochs = epochs, BatchSize = batch, LearningRate = lr },
            Network: NetworkPreset.Tiny, ImageSize: 32, StepsPerEpoch: steps, Threads: TestSetup.Threads, Workers: 1);

    [TestMethod]
    public void A_qcs_run_on_synthetic_faces_learns_far_above_chance()
    {
        // 40 training faces per class at 32x32; from scratch the tiny network needs lr ~5e-4 (1e-3 stalls at chance).
        var dataset = SyntheticData.Load(DatasetKind.RafDb, perClass: 40);
        var clock = Stopwatch.StartNew();

        var metrics = new TrainingSession(TinyQcs(epochs: 8, lr: 5e-4) with { ValidationFraction = 0.15 }, dataset, output).Run();

        var last = metrics.LastEpoch!.Test;
        TestContext.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s; per epoch test accuracy: " +
                              string.Join(" ", metrics.Epochs.Select(e => $"{e.Test!.Accuracy:F2}")) + $"; loss {string.Join(" ", metrics.Epochs.Select(e => $"{e.TrainLoss:F2}"))}");
        Assert.IsTrue(last.Accuracy > 0.4, $"test accuracy {last.Accuracy:F3} (chance is 1/7 = 0.143)");
        Assert.IsTrue(metrics.Finished);
        Assert.IsNotNull(metrics.Selected, "a validation hold-out selects an epoch");
        StringAssert.Contains(metrics.ReferenceProtocol!.Rule, "optimistic");
        Assert.IsTrue(File.Exists(Path.Combine(output, BlobLayout.BestCheckpointFile)));
        Assert.IsTrue(File.Exists(Path.Combine(output, BlobLayout.MetricsFile)));
    }
}
