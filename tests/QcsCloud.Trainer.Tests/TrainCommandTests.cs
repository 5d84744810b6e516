using System.Text.Json;
using QcsCloud.Core;

namespace QcsCloud.Trainer.Tests;

[TestClass]
public sealed class TrainCommandTests
{
    /// <summary>Arguments of a tiny, fast <c>qcs train</c>, in the contract's form.</summary>
    internal static string[] TinyTrain(string data, string output, int epochs = 1, int steps = 2) =>
    [
        "train", "--dataset", "rafdb", "--data", data, "--output", output, "--mode", "qcs", "--seed", "3",
        "--network", "tiny", "--image-size", "32", "--batch-size", "4", "--lr", "0.001", "--epochs", epochs.ToString(),
        "--steps-per-epoch", steps.ToString(), "--threads", "1", "--workers", "1",
    ];

    [TestMethod]
    public async Task Train_writes_checkpoints_and_metrics_then_completion_last_and_evaluate_and_predict_use_them()
    {
        var data = await SyntheticFolders.RafDbAsync();
        var output = SyntheticFolders.NewFolder("train");

        var train = await CliRunner.RunAsync(TinyTrain(data, output));

        Assert.AreEqual(JobExitCode.Success, train.ExitCode, train.ToString());
        StringAssert.Contains(train.Output, "event=epoch epoch=1/1");
        foreach (var file in new[] { BlobLayout.LastCheckpointFile, BlobLayout.BestCheckpointFile, BlobLayout.MetricsFile, BlobLayout.CompletionFile })
            Assert.IsTrue(File.Exists(Path.Combine(output, file)), file);
        var completion = QcsJson.Deserialize<JobCompletion>(File.ReadAllText(Path.Combine(output, BlobLayout.CompletionFile)), "completion.json");
        Assert.IsTrue(completion.Succeeded);
        Assert.IsTrue(File.GetLastWriteTimeUtc(Path.Combine(output, BlobLayout.CompletionFile)) >= File.GetLastWriteTimeUtc(Path.Combine(output, BlobLayout.MetricsFile)));
        var metrics = QcsJson.Deserialize<TrainingMetrics>(File.ReadAllText(Path.Combine(output, BlobLayout.MetricsFile)), "metrics.json");
        Assert.IsTrue(metrics.Finished);
        Assert.AreEqual(TrainingMode.Qcs, metrics.Mode);

        var evaluate = await CliRunner.RunAsync("evaluate", "--checkpoint", Path.Combine(output, BlobLayout.BestCheckpointFile),
            "--dataset", "rafdb", "--data", data, "--threads", "1", "--output", Path.Combine(output, "eval.json"));
        Assert.AreEqual(JobExitCode.Success, evaluate.ExitCode, evaluate.ToString());
        var result = QcsJson.Deserialize<EvaluationResult>(File.ReadAllText(Path.Combine(output, "eval.json")), "eval.json");
        Assert.AreEqual(metrics.LastEpoch!.Test.Accuracy, result.Accuracy, 1e-9, "evaluate reproduces the run's own test score");

        var images = Path.Combine(data, "Image", "aligned");
        var json = await CliRunner.RunAsync("predict", "--checkpoint", Path.Combine(output, BlobLayout.LastCheckpointFile), images, "--threads", "1");
        Assert.AreEqual(JobExitCode.Success, json.ExitCode, json.ToString());
        using var doc = JsonDocument.Parse(json.Output);
        Assert.AreEqual(Directory.GetFiles(images).Length, doc.RootElement.GetArrayLength());
        var first = doc.RootElement[0];
        Assert.AreEqual(7, first.GetProperty("probabilities").EnumerateObject().Count());
        Assert.AreEqual(1.0, first.GetProperty("probabilities").EnumerateObject().Sum(p => p.Value.GetDouble()), 1e-4);

        var csv = await CliRunner.RunAsync("predict", "-c", Path.Combine(output, BlobLayout.LastCheckpointFile), images, "--format", "csv", "--logits", "--threads", "1");
        Assert.AreEqual(JobExitCode.Success, csv.ExitCode, csv.ToString());
        var header = csv.Output.Split('\n')[0];
        StringAssert.StartsWith(header, "file,class,class_index,p_Surprise");
        StringAssert.Contains(header, "logit_Neutral");
    }

    [TestMethod]
    public async Task A_relaunched_job_resumes_from_the_output_folder()
    {
        var data = await SyntheticFolders.RafDbAsync();
        var output = SyntheticFolders.NewFolder("relaunch");
        var first = await CliRunner.RunAsync(TinyTrain(data, output, epochs: 1, steps: 1));
        Assert.AreEqual(0, first.ExitCode, first.ToString());

        var second = await CliRunner.RunAsync(TinyTrain(data, output, epochs: 2, steps: 1));

        Assert.AreEqual(0, second.ExitCode, second.ToString());
        StringAssert.Contains(second.Output, "start_epoch=1");
        StringAssert.Contains(second.Output, "resumed=yes");
    }
}
