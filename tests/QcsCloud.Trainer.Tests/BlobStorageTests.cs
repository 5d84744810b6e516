using Azure.Storage.Blobs;
using QcsCloud.Core;
using QcsCloud.Trainer.Storage;

namespace QcsCloud.Trainer.Tests;

/// <summary>Against the real Azurite (infra/scripts/azurite.sh; connection string in QCS_TEST_STORAGE).</summary>
[TestClass]
public sealed class BlobStorageTests
{
    private static readonly string Container = $"trainer-tests-{Environment.ProcessId}";
    private static string FolderUri(string prefix) => $"http://127.0.0.1:10000/devstoreaccount1/{Container}/{prefix}/";

    [ClassCleanup]
    public static void DeleteContainer() => new BlobServiceClient(TestSetup.Storage).GetBlobContainerClient(Container).DeleteIfExists();

    [TestMethod]
    public async Task A_blob_folder_uploads_lists_downloads_and_deletes_files()
    {
        var folder = new StorageFolders(TestSetup.Storage).Open(FolderUri($"roundtrip-{Guid.NewGuid():N}"));
        var local = SyntheticFolders.NewFolder("blob");
        var source = Path.Combine(local, "a.txt");
        await File.WriteAllTextAsync(source, "hello");

        await folder.UploadAsync(source, "x/a.txt", CancellationToken.None);
        await folder.UploadAsync(source, "b.txt", CancellationToken.None);

        CollectionAssert.AreEqual(new[] { "b.txt", "x/a.txt" }, (await folder.ListAsync(CancellationToken.None)).ToArray());
        Assert.IsTrue(await folder.ExistsAsync("x/a.txt", CancellationToken.None));
        await folder.DownloadAsync("x/a.txt", Path.Combine(local, "copy.txt"), CancellationToken.None);
        Assert.AreEqual("hello", await File.ReadAllTextAsync(Path.Combine(local, "copy.txt")));
        await folder.DeleteAsync("b.txt", CancellationToken.None);
        Assert.IsFalse(await folder.ExistsAsync("b.txt", CancellationToken.None));
        var e = await Assert.ThrowsExactlyAsync<StorageNotFoundException>(() => folder.DownloadAsync("nope.txt", Path.Combine(local, "n"), CancellationToken.None));
        StringAssert.Contains(e.Message, "nope.txt");
    }

    [TestMethod]
    public async Task Pack_then_train_run_from_blob_folders_and_write_completion_last()
    {
        var data = await SyntheticFolders.RafDbAsync();
        var run = Guid.NewGuid().ToString("N")[..8];
        var staged = FolderUri($"staging/rafdb/{run}");
        var checkpoints = FolderUri($"checkpoints/{run}/rafdb/pretrain/seed-3");

        var pack = await CliRunner.RunAsync("pack", "--dataset", "rafdb", "--data", data, "--output", staged);
        Assert.AreEqual(JobExitCode.Success, pack.ExitCode, pack.ToString());
        var stagedFolder = new StorageFolders(TestSetup.Storage).Open(staged);
        Assert.IsTrue(await stagedFolder.ExistsAsync(BlobLayout.ManifestFile, CancellationToken.None));
        Assert.IsTrue(await stagedFolder.ExistsAsync(BlobLayout.CompletionFile, CancellationToken.None));

        var writes = new BlobWriteLog();
        var train = await CliRunner.RunAsync(writes, TrainCommandTests.TinyTrain(staged, checkpoints, epochs: 1, steps: 1));
        Assert.AreEqual(JobExitCode.Success, train.ExitCode, train.ToString());

        var output = new StorageFolders(TestSetup.Storage).Open(checkpoints);
        var names = await output.ListAsync(CancellationToken.None);
        foreach (var file in new[] { BlobLayout.LastCheckpointFile, BlobLayout.BestCheckpointFile, BlobLayout.MetricsFile, BlobLayout.CompletionFile })
            CollectionAssert.Contains(names.ToArray(), file);
        // completion.json is the job's last write: after every file it announces, and nothing after it.
        var order = string.Join("\n", writes.Writes);
        Assert.AreEqual(writes.Writes.Count - 1, writes.LastIndexOf(BlobLayout.CompletionFile), order);
        foreach (var file in new[] { BlobLayout.LastCheckpointFile, BlobLayout.BestCheckpointFile, BlobLayout.MetricsFile })
            Assert.IsTrue(writes.LastIndexOf(file) is >= 0 and var at && at < writes.LastIndexOf(BlobLayout.CompletionFile), $"{file} before completion.json:\n{order}");
        var local = SyntheticFolders.NewFolder("metrics");
        await output.DownloadAsync(BlobLayout.MetricsFile, Path.Combine(local, "m.json"), CancellationToken.None);
        var parsed = QcsJson.Deserialize<TrainingMetrics>(File.ReadAllText(Path.Combine(local, "m.json")), "metrics.json");
        Assert.IsNotNull(parsed.Provenance!.DatasetManifestHash, "a packed dataset's content hash is recorded");
        var events = names.Where(n => n.StartsWith("tb/events.out.tfevents.", StringComparison.Ordinal)).ToList();
        Assert.HasCount(1, events, "the TensorBoard events file is uploaded beside metrics.json");
        await output.DownloadAsync(events[0], Path.Combine(local, "events"), CancellationToken.None);
        TensorBoard.TensorBoardEventsTests.AssertMatchesMetrics(
            TensorBoard.TfRecordReader.Scalars(TensorBoard.TfRecordReader.ReadEvents(Path.Combine(local, "events"))), parsed, stepsPerEpoch: 1);
    }
}
