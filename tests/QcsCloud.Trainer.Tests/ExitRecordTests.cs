using QcsCloud.Core;
using QcsCloud.Trainer.Storage;

namespace QcsCloud.Trainer.Tests;

/// <summary>
/// Completion records of every exit (QCS_OUTPUT_URI) and of shared staging folders, on the real Azurite: the workflow
/// learns exit codes from them where the launcher reports none (Container Apps), and never loses a successful pack.
/// </summary>
[TestClass]
public sealed class ExitRecordTests
{
    private static readonly TestContainer Container = new("trainer-exit");

    [ClassCleanup]
    public static void DeleteContainer() => Container.Delete();

    private static string NewFolderUri(string kind) => Container.FolderUri($"{kind}/{Guid.NewGuid():N}/");

    private static async Task<JobCompletion?> CompletionAsync(string uri) =>
        await CompletionRecords.ReadAsync(new StorageFolders(TestSetup.Storage).Open(uri), CancellationToken.None);

    private static async Task<string?> CompletionVersionAsync(string uri) =>
        (await new StorageFolders(TestSetup.Storage).Open(uri).ReadTextAsync(BlobLayout.CompletionFile, CancellationToken.None))?.Version;

    [TestMethod]
    public async Task An_argument_error_leaves_a_completion_record_with_exit_2_naming_the_option_and_the_job()
    {
        var output = NewFolderUri("checkpoints");
        var data = await SyntheticFolders.RafDbAsync();
        var args = TrainCommandTests.TinyTrain(data, output);
        args[Array.IndexOf(args, "--epochs") + 1] = "banana";

        var result = await CliRunner.RunAsJobAsync("run7-rafdb-pretrain-s3", output, args);

        Assert.AreEqual(JobExitCode.BadInput, result.ExitCode, result.ToString());
        var completion = await CompletionAsync(output);
        Assert.IsNotNull(completion, $"no {BlobLayout.CompletionFile} at QCS_OUTPUT_URI\n{result}");
        Assert.IsFalse(completion.Succeeded);
        Assert.AreEqual(JobExitCode.BadInput, completion.ExitCode);
        StringAssert.Contains(completion.Error, "--epochs");
        StringAssert.Contains(completion.Error, "banana");
        Assert.AreEqual("run7-rafdb-pretrain-s3", completion.JobName);
    }

    [TestMethod]
    public async Task A_failure_after_the_output_is_opened_records_the_workflows_job_name()
    {
        var output = NewFolderUri("checkpoints");
        var missing = Path.Combine(SyntheticFolders.Root, "no-such-data");

        var result = await CliRunner.RunAsJobAsync("run8-rafdb-pretrain-s1", output, TrainCommandTests.TinyTrain(missing, output));

        Assert.AreEqual(JobExitCode.BadInput, result.ExitCode, result.ToString());
        var completion = await CompletionAsync(output);
        Assert.AreEqual("run8-rafdb-pretrain-s1", completion?.JobName);
        StringAssert.Contains(completion!.Error, missing);
    }

    [TestMethod]
    public async Task Without_QCS_OUTPUT_URI_an_argument_error_writes_nothing()
    {
        var output = SyntheticFolders.NewFolder("hand");

        var result = await CliRunner.RunAsync("train", "--epochs", "banana", "--output", output);

        Assert.AreEqual(JobExitCode.BadInput, result.ExitCode);
        Assert.AreEqual(0, Directory.GetFiles(output).Length);
    }

    [TestMethod]
    public async Task A_second_pack_of_a_packed_folder_exits_0_at_once_and_leaves_the_record()
    {
        var data = await SyntheticFolders.RafDbAsync();
        var staged = NewFolderUri("staging");
        var first = await CliRunner.RunAsJobAsync("run1-stage-rafdb", staged, "pack", "--dataset", "rafdb", "--data", data, "--output", staged);
        Assert.AreEqual(JobExitCode.Success, first.ExitCode, first.ToString());
        var version = await CompletionVersionAsync(staged);

        var second = await CliRunner.RunAsJobAsync("run2-stage-rafdb", staged, "pack", "--dataset", "rafdb", "--data", data, "--output", staged);

        Assert.AreEqual(JobExitCode.Success, second.ExitCode, second.ToString());
        StringAssert.Contains(second.Output, "already packed by job 'run1-stage-rafdb'");
        Assert.AreEqual(version, await CompletionVersionAsync(staged), "the success record was neither deleted nor rewritten");
    }

    [TestMethod]
    public async Task A_failing_pack_never_replaces_a_success_record()
    {
        var data = await SyntheticFolders.RafDbAsync();
        var staged = NewFolderUri("staging");
        Assert.AreEqual(JobExitCode.Success, (await CliRunner.RunAsync("pack", "--dataset", "rafdb", "--data", data, "--output", staged)).ExitCode);
        var version = await CompletionVersionAsync(staged);

        var failed = await CliRunner.RunAsJobAsync("run2-stage-rafdb", staged, "pack", "--dataset", "imagenet", "--data", data, "--output", staged);

        Assert.AreEqual(JobExitCode.BadInput, failed.ExitCode, failed.ToString());
        Assert.AreEqual(version, await CompletionVersionAsync(staged));
        Assert.IsTrue((await CompletionAsync(staged))!.Succeeded);
    }

    [TestMethod]
    public async Task A_failure_record_is_not_written_over_a_success_that_arrived_after_it_was_read()
    {
        // Two pack jobs race on one staging folder: the failing one read "no record", then the other wrote its success.
        var folder = new StorageFolders(TestSetup.Storage).Open(NewFolderUri("staging"));
        var success = new JobCompletion("a", true, JobExitCode.Success, null, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow);
        var failure = new JobCompletion("b", false, JobExitCode.TrainingFailed, "boom", DateTimeOffset.UtcNow, DateTimeOffset.UtcNow);
        var seenBefore = await folder.ReadTextAsync(BlobLayout.CompletionFile, CancellationToken.None);
        Assert.IsTrue(await folder.TryWriteTextAsync(BlobLayout.CompletionFile, QcsJson.Serialize(success), null, CancellationToken.None));

        var written = await folder.TryWriteTextAsync(BlobLayout.CompletionFile, QcsJson.Serialize(failure), seenBefore?.Version, CancellationToken.None);
        var recorded = await CompletionRecords.TryRecordFailureAsync(folder, failure, CancellationToken.None);

        Assert.IsFalse(written, "the ETag condition refuses the stale write");
        Assert.IsFalse(recorded);
        Assert.IsTrue((await CompletionRecords.ReadAsync(folder, CancellationToken.None))!.Succeeded);
    }
}
