using Azure.Storage.Blobs;
using QcsCloud.Core;

namespace QcsCloud.Trainer.Tests.Explain;

/// <summary><c>qcs explain</c> through the real command line: a checkpoint trained by <c>qcs train</c>, output to Azurite.</summary>
[TestClass]
public sealed class ExplainCommandTests
{
    private static readonly string Container = $"explain-tests-{Environment.ProcessId}";

    [ClassCleanup]
    public static void DeleteContainer() => new BlobServiceClient(TestSetup.Storage).GetBlobContainerClient(Container).DeleteIfExists();

    [TestMethod]
    public async Task Explain_publishes_attention_pngs_then_the_index_to_a_blob_folder()
    {
        var data = await SyntheticFolders.RafDbAsync();
        var run = SyntheticFolders.NewFolder("explain-run");
        var train = await CliRunner.RunAsync(TrainCommandTests.TinyTrain(data, run));
        Assert.AreEqual(JobExitCode.Success, train.ExitCode, train.ToString());
        var container = new BlobServiceClient(TestSetup.Storage).GetBlobContainerClient(Container);
        await container.CreateIfNotExistsAsync();
        var prefix = $"reports/run-x/explain-{Guid.NewGuid():N}/";

        var result = await CliRunner.RunAsync("explain", "--checkpoint", Path.Combine(run, BlobLayout.BestCheckpointFile),
            "--dataset", "rafdb", "--data", data, "--output", $"http://127.0.0.1:10000/devstoreaccount1/{Container}/{prefix}",
            "--count", "2", "--threads", "1");

        Assert.AreEqual(JobExitCode.Success, result.ExitCode, result.ToString());
        StringAssert.Contains(result.Output, "done: 2 attention figures");
        var names = new List<string>();
        await foreach (var blob in container.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, prefix, CancellationToken.None)) names.Add(blob.Name[prefix.Length..]);
        CollectionAssert.AreEquivalent(new[] { "attention-00.png", "attention-01.png", "explain.json" }, names);
    }

    [TestMethod]
    public async Task An_unknown_split_is_named()
    {
        var data = await SyntheticFolders.RafDbAsync();
        var fake = Path.Combine(SyntheticFolders.NewFolder("explain-bad"), "best.ckpt");
        await File.WriteAllTextAsync(fake, "not read: the options are checked first");

        var result = await CliRunner.RunAsync("explain", "--checkpoint", fake, "--dataset", "rafdb", "--data", data,
            "--output", SyntheticFolders.NewFolder("explain-out"), "--split", "holdout");

        Assert.AreEqual(JobExitCode.BadInput, result.ExitCode, result.ToString());
        StringAssert.Contains(result.Error, "--split 'holdout' is unknown");
    }
}
