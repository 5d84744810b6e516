using System.Text;
using QcsCloud.Core;

namespace QcsCloud.Trainer.Tests.TensorBoard;

[TestClass]
public sealed class TensorBoardEventsTests
{
    [TestMethod]
    public void The_test_reader_computes_the_standard_crc32c_check_value()
    {
        Assert.AreEqual(0xE3069283u, TfRecordReader.Crc32C(Encoding.ASCII.GetBytes("123456789")));
    }

    [TestMethod]
    public async Task Train_writes_tensorboard_events_whose_epoch_scalars_match_metrics_json()
    {
        var data = await SyntheticFolders.RafDbAsync();
        var output = SyntheticFolders.NewFolder("tensorboard");

        var train = await CliRunner.RunAsync([.. TrainCommandTests.TinyTrain(data, output, epochs: 2, steps: 2), "--val-fraction", "0.3"]);

        Assert.AreEqual(JobExitCode.Success, train.ExitCode, train.ToString());
        var files = Directory.GetFiles(Path.Combine(output, "tb"), "events.out.tfevents.*");
        Assert.HasCount(1, files);
        var events = TfRecordReader.ReadEvents(files[0]);
        Assert.AreEqual("brain.Event:2", events[0].FileVersion, "the first record names the format version");
        Assert.IsTrue(events.All(e => e.WallTime > 1.7e9 && e.WallTime < 4e9), "wall times are seconds since 1970");
        var metrics = QcsJson.Deserialize<TrainingMetrics>(File.ReadAllText(Path.Combine(output, BlobLayout.MetricsFile)), "metrics.json");
        AssertMatchesMetrics(TfRecordReader.Scalars(events), metrics, stepsPerEpoch: 2);
    }

    /// <summary>Every epoch of metrics.json appears once per epoch tag with its value; every step once per step tag.</summary>
    internal static void AssertMatchesMetrics(Dictionary<string, List<(long Step, float Value)>> scalars, TrainingMetrics metrics, int stepsPerEpoch)
    {
        void Epochs(string tag, Func<EpochMetrics, double> value)
        {
            Assert.IsTrue(scalars.TryGetValue(tag, out var points), $"tag {tag} missing; have {string.Join(", ", scalars.Keys)}");
            CollectionAssert.AreEqual(metrics.Epochs.Select(e => (long)e.Epoch + 1).ToArray(), points.Select(p => p.Step).ToArray(), tag);
            for (var i = 0; i < points.Count; i++) Assert.AreEqual((float)value(metrics.Epochs[i]), points[i].Value, tag);
        }
        Epochs("epoch/train_loss", e => e.TrainLoss);
        Epochs("epoch/train_accuracy", e => e.TrainAccuracy);
        Epochs("epoch/lr", e => e.LearningRate);
        Epochs("epoch/images_per_s", e => e.ImagesPerSecond);
        Epochs("epoch/test_accuracy", e => e.Test!.Accuracy);
        Epochs("epoch/test_mean_class_accuracy", e => e.Test!.MeanClassAccuracy);
        if (metrics.Epochs.All(e => e.Validation is not null)) Epochs("epoch/validation_accuracy", e => e.Validation!.Accuracy);

        var expectedSteps = Enumerable.Range(1, metrics.Epochs.Count * stepsPerEpoch).Select(s => (long)s).ToArray();
        foreach (var tag in new[] { "step/loss", "step/accuracy", "step/lr", "step/images_per_s" })
        {
            Assert.IsTrue(scalars.TryGetValue(tag, out var points), $"tag {tag} missing");
            CollectionAssert.AreEqual(expectedSteps, points.Select(p => p.Step).ToArray(), tag);
        }
        var stepLr = scalars["step/lr"];
        for (var i = 0; i < stepLr.Count; i++)
            Assert.AreEqual((float)metrics.Epochs[i / stepsPerEpoch].LearningRate, stepLr[i].Value, "step/lr is the epoch's learning rate");
        Assert.IsTrue(scalars["step/accuracy"].All(p => p.Value is >= 0 and <= 1));
        Assert.IsTrue(scalars["step/loss"].All(p => float.IsFinite(p.Value) && p.Value > 0));
    }
}
