using Azure.Storage.Blobs;
using QcsCloud.Core;
using QcsCloud.Training.Explain;

namespace QcsCloud.Trainer.Tests.Explain;

/// <summary><c>qcs train --explain N</c> through the real command line (tiny network, few steps; Azurite for blob output).</summary>
[TestClass]
public sealed class TrainExplainTests
{
    private static readonly string Container = $"train-explain-tests-{Environment.ProcessId}";

    [ClassCleanup]
    public static void DeleteContainer() => new BlobServiceClient(TestSetup.Storage).GetBlobContainerClient(Container).DeleteIfExists();

    [TestMethod]
    public async Task Train_with_explain_publishes_the_figures_and_index_to_a_blob_output_before_completion()
    {
        var data = await SyntheticFolders.RafDbAsync();
        var prefix = $"checkpoints/{Guid.NewGuid():N}/";
        var output = $"http://127.0.0.1:10000/devstoreaccount1/{Container}/{prefix}";

        var writes = new BlobWriteLog();
        var train = await CliRunner.RunAsync(writes, [.. TrainCommandTests.TinyTrain(data, output), "--explain", "2"]);

        Assert.AreEqual(JobExitCode.Success, train.ExitCode, train.ToString());
        StringAssert.Contains(train.Output, "explain: 2 attention figures");
        var container = new BlobServiceClient(TestSetup.Storage).GetBlobContainerClient(Container);
        var names = new List<string>();
        await foreach (var blob in container.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, prefix + "explain/", CancellationToken.None))
            names.Add(blob.Name[prefix.Length..]);
        CollectionAssert.AreEquivalent(new[] { "explain/attention-00.png", "explain/attention-01.png", "explain/explain.json" }, names);

        var local = Path.Combine(SyntheticFolders.NewFolder("train-explain"), "explain.json");
        await container.GetBlobClient(prefix + "explain/explain.json").DownloadToAsync(local);
        var index = QcsJson.Deserialize<ExplainIndex>(File.ReadAllText(local), "explain.json");
        Assert.AreEqual(BlobLayout.BestCheckpointFile, index.Checkpoint);
        Assert.AreEqual(TrainingMode.Qcs, index.Mode);
        Assert.AreEqual("test", index.Split);
        CollectionAssert.AreEqual(new[] { "attention-00.png", "attention-01.png" }, index.Figures.Select(f => f.File).ToArray());
        // Order of the commits the trainer made: both figures, then the index, then completion.json last.
        var order = string.Join("\n", writes.Writes);
        var indexAt = writes.LastIndexOf("explain/explain.json");
        Assert.IsTrue(writes.LastIndexOf("explain/attention-00.png") is >= 0 and var a0 && a0 < indexAt, order);
        Assert.IsTrue(writes.LastIndexOf("explain/attention-01.png") is >= 0 and var a1 && a1 < indexAt, order);
        Assert.AreEqual(writes.Writes.Count - 1, writes.LastIndexOf(BlobLayout.CompletionFile), order);
        Assert.IsTrue(indexAt < writes.LastIndexOf(BlobLayout.CompletionFile), order);
    }

    [TestMethod]
    public async Task Train_with_explain_in_baseline_mode_skips_it_with_a_log_line()
    {
        var data = await SyntheticFolders.RafDbAsync();
        var output = SyntheticFolders.NewFolder("train-explain-baseline");
        var args = TrainCommandTests.TinyTrain(data, output);
        args[Array.IndexOf(args, "--mode") + 1] = "baseline";

        var train = await CliRunner.RunAsync([.. args, "--explain", "2"]);

        Assert.AreEqual(JobExitCode.Success, train.ExitCode, train.ToString());
        StringAssert.Contains(train.Output, "explain: skipped (--explain 2): a baseline model");
        Assert.IsFalse(Directory.Exists(Path.Combine(output, "explain")));
        Assert.IsTrue(File.Exists(Path.Combine(output, BlobLayout.CompletionFile)));
    }

    [TestMethod]
    public async Task A_failing_explain_is_a_warning_and_the_training_still_succeeds_without_an_explain_folder()
    {
        // 4 images per class leave one test image per class: too few to form the pairs explain needs.
        var data = await SyntheticFolders.RafDbAsync(perClass: 4);
        var output = SyntheticFolders.NewFolder("train-explain-fails");

        var train = await CliRunner.RunAsync([.. TrainCommandTests.TinyTrain(data, output), "--explain", "2"]);

        Assert.AreEqual(JobExitCode.Success, train.ExitCode, train.ToString());
        StringAssert.Contains(train.Error, "warning: --explain 2 failed");
        Assert.IsFalse(Directory.Exists(Path.Combine(output, "explain")));
        var completion = QcsJson.Deserialize<JobCompletion>(File.ReadAllText(Path.Combine(output, BlobLayout.CompletionFile)), "completion.json");
        Assert.IsTrue(completion.Succeeded);
    }

    [TestMethod]
    public async Task A_negative_explain_count_is_bad_input_naming_the_option()
    {
        var data = await SyntheticFolders.RafDbAsync();

        var train = await CliRunner.RunAsync([.. TrainCommandTests.TinyTrain(data, SyntheticFolders.NewFolder("train-explain-bad")), "--explain", "-1"]);

        Assert.AreEqual(JobExitCode.BadInput, train.ExitCode, train.ToString());
        StringAssert.Contains(train.Error, "--explain (-1)");
    }
}
