using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using QcsCloud.Core;
using QcsCloud.Trainer.Storage;

namespace QcsCloud.Trainer.Tests;

/// <summary>One writer per output folder: real <c>qcs train</c> child processes on the real Azurite and on local folders.</summary>
[TestClass]
public sealed class WriterLeaseTests
{
    private static readonly TestContainer Container = new("trainer-lease");
    private static BlobContainerClient ContainerClient => Container.Client;

    [ClassCleanup]
    public static void DeleteContainer() => Container.Delete();

    private static (string Uri, BlobClient Lock) NewBlobOutput()
    {
        var prefix = $"checkpoints/{Guid.NewGuid():N}/rafdb/pretrain/seed-3/";
        return (Container.FolderUri(prefix), ContainerClient.GetBlobClient(prefix + WriterLease.LockName));
    }

    private static async Task<BlobProperties?> LockPropertiesAsync(BlobClient blob) =>
        await blob.ExistsAsync() ? (await blob.GetPropertiesAsync()).Value : null;

    /// <summary>A first writer that trains long enough for the test: many steps per epoch.</summary>
    private static async Task<QcsChild> StartFirstWriterAsync(string output, string job)
    {
        var data = await SyntheticFolders.RafDbAsync(perClass: 16);
        return QcsChild.Start(new Dictionary<string, string> { ["QCS_JOB_NAME"] = job, [WriterLease.DurationVariable] = "15" },
            TrainCommandTests.TinyTrain(data, output, epochs: 4, steps: 1000));
    }

    [TestMethod]
    public async Task A_second_train_of_a_blob_output_exits_2_naming_the_first_writer()
    {
        var (output, lockBlob) = NewBlobOutput();
        await using var first = await StartFirstWriterAsync(output, "run1-rafdb-pretrain-s3");
        await first.WaitUntilAsync(async () => await LockPropertiesAsync(lockBlob) is { LeaseState: var s, Metadata: var m } && s == LeaseState.Leased && m.ContainsKey("job"),
            "the writer lease is taken");

        var data = await SyntheticFolders.RafDbAsync();
        var second = await CliRunner.RunAsync([.. TrainCommandTests.TinyTrain(data, output), "--wait", "0"]);

        Assert.AreEqual(JobExitCode.BadInput, second.ExitCode, second.ToString());
        StringAssert.Contains(second.Error, "run1-rafdb-pretrain-s3");
        StringAssert.Contains(second.Error, $"pid {first.Pid}");
        StringAssert.Contains(second.Error, Environment.MachineName);
        Assert.IsFalse(first.Exited, "the first writer keeps running");
        Assert.IsFalse(await ContainerClient.GetBlobClient(lockBlob.Name.Replace(WriterLease.LockName, BlobLayout.CompletionFile)).ExistsAsync(),
            "the refused writer wrote no completion.json into the folder it does not own");
    }

    [TestMethod]
    public async Task A_killed_writers_blob_lease_blocks_until_it_expires_then_is_taken_over()
    {
        var (output, lockBlob) = NewBlobOutput();
        var folder = new StorageFolders(TestSetup.Storage).Open(output);
        await using (var first = await StartFirstWriterAsync(output, "killed-job"))
        {
            await first.WaitUntilAsync(async () => await LockPropertiesAsync(lockBlob) is { LeaseState: var s, Metadata: var m } && s == LeaseState.Leased && m.ContainsKey("job"),
                "the writer lease is taken");
            await first.KillAsync();
        }

        var early = await Assert.ThrowsExactlyAsync<OutputBusyException>(() => folder.TryAcquireWriterLeaseAsync(WriterHolder.Current("next"), TextWriter.Null, CancellationToken.None));
        StringAssert.Contains(early.Message, "killed-job");
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while ((await lockBlob.GetPropertiesAsync()).Value.LeaseState != LeaseState.Expired)
        {
            Assert.IsTrue(waited.Elapsed < TimeSpan.FromSeconds(40), "a 15 s lease expires");
            await Task.Delay(500);
        }
        await using var next = await folder.TryAcquireWriterLeaseAsync(WriterHolder.Current("next"), TextWriter.Null, CancellationToken.None);

        Assert.AreEqual("next", (await lockBlob.GetPropertiesAsync()).Value.Metadata["job"]);
    }

    [TestMethod]
    public async Task A_train_relaunched_right_after_its_writer_was_killed_waits_for_the_lease_and_takes_over()
    {
        // Before the default wait, the relaunch exited 2 ("being written by another writer"): a job whose host was
        // SIGKILLed failed for good as bad input, seen by hand in local mode with the 60 s lease of the dead writer.
        var (output, lockBlob) = NewBlobOutput();
        await using (var first = await StartFirstWriterAsync(output, "killed-job"))
        {
            await first.WaitUntilAsync(async () => await LockPropertiesAsync(lockBlob) is { LeaseState: var s, Metadata: var m } && s == LeaseState.Leased && m.ContainsKey("job"),
                "the writer lease is taken");
            await first.KillAsync();
        }

        var data = await SyntheticFolders.RafDbAsync();
        var relaunch = await CliRunner.RunAsync(TrainCommandTests.TinyTrain(data, output));

        Assert.AreEqual(JobExitCode.Success, relaunch.ExitCode, relaunch.ToString());
        StringAssert.Contains(relaunch.Error, "waiting up to 70 s for the writer");
    }

    [TestMethod]
    public async Task A_second_train_of_a_local_output_exits_2_naming_the_first_and_a_killed_writers_lock_is_free_at_once()
    {
        var output = SyntheticFolders.NewFolder("lease");
        var holderFile = Path.Combine(output, WriterLease.LockName + ".json");
        var data = await SyntheticFolders.RafDbAsync();
        await using (var first = await StartFirstWriterAsync(output, "local-first"))
        {
            await first.WaitUntilAsync(() => Task.FromResult(File.Exists(holderFile)), "the writer lock is taken");

            var second = await CliRunner.RunAsync([.. TrainCommandTests.TinyTrain(data, output), "--wait", "0"]);

            Assert.AreEqual(JobExitCode.BadInput, second.ExitCode, second.ToString());
            StringAssert.Contains(second.Error, "local-first");
            StringAssert.Contains(second.Error, $"pid {first.Pid}");
            await first.KillAsync();
        }

        await using var next = await new StorageFolders(TestSetup.Storage).Open(output)
            .TryAcquireWriterLeaseAsync(WriterHolder.Current("next"), TextWriter.Null, CancellationToken.None);
        StringAssert.Contains(File.ReadAllText(holderFile), "next");
    }
}
