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
    [TestMethod]
    public void Weights_that_diverge_in_the_last_step_fail_the_training_and_leave_no_metrics_with_a_nan()
    {
        // Arrange: one step at an absurd learning rate, so the step's own loss is finite but the weights it leaves are not
        // usable: the evaluation after the epoch sees NaN probabilities. Before the check, writing metrics.json threw
        // the serializer's ArgumentException, which the CLI maps to "bad input" (exit 2: never retried).
        var dataset = SyntheticData.Load(DatasetKind.RafDb, perClass: 4);
        var session = new TrainingSession(TinyQcs(epochs: 1, steps: 1, lr: 1e30), dataset, output);

        // Act
        var e = Assert.ThrowsExactly<TrainingFailedException>(() => session.Run());

        // Assert
        StringAssert.Contains(e.Message, "test loss is NaN after epoch 0");
        Assert.IsFalse(File.Exists(Path.Combine(output, BlobLayout.MetricsFile)));
    }
}
