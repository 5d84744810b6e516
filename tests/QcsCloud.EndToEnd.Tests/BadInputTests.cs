using System.Net;
using System.Text;
using QcsCloud.Core;
using QcsCloud.EndToEnd.Tests.Support;
using QcsCloud.LocalHost.Tests.Support;

namespace QcsCloud.EndToEnd.Tests;

/// <summary>Bad data reaching the real jobs: clear errors, and nothing half-written that looks complete.</summary>
[TestClass]
public sealed class BadInputTests
{
    private static readonly string TaskHub = TestStorage.NewTaskHubName("E2eBad");

    [ClassCleanup]
    public static async Task Cleanup() => await TaskHubCleanup.DeleteAsync(TaskHub);

    [TestMethod]
    [DataRow(JobLaunchers.Local)]
    [DataRow(JobLaunchers.Emulator)]
    public async Task A_corrupt_image_fails_staging_with_its_name_and_leaves_no_completed_staging_or_training(string launcher)
    {
        // AffectNet-7 layout from qcs synth (image files, unlike FERPlus's pixel CSV), one image overwritten by bytes
        // that are no image. Only this test uploads affectnet7.
        var folder = Path.Combine(SyntheticData.Root, "affectnet7-corrupt");
        if (!Directory.Exists(folder)) await Trainer.SynthAsync("affectnet7", folder, SyntheticData.PerClass, SyntheticData.Seed);
        var victim = Directory.EnumerateFiles(folder, "*.png", SearchOption.AllDirectories)
            .Concat(Directory.EnumerateFiles(folder, "*.jpg", SearchOption.AllDirectories))
            .OrderBy(f => f, StringComparer.Ordinal)
            .First();
        await File.WriteAllTextAsync(victim, "this is not an image");
        await Blobs.UploadDatasetAsync("affectnet7", folder);
        var (command, launches) = Trainer.LaunchLoggingCommand(Path.Combine(SyntheticData.Root, $"bad-run-{launcher}"));
        await using var jobs = await JobLaunchers.StartAsync(launcher, command);
        await using var host = await LocalHostProcess.StartAsync(TaskHub, settings: jobs.HostSettings);
        var runId = $"e2e-bad-{Guid.NewGuid():N}"[..20];

        await RunFollower.StartAsync(host, E2eSettings.Plan(runId, ["affectnet7"], [], [1]));
        var view = await RunFollower.WaitUntilEndedAsync(host, runId, TimeSpan.FromMinutes(3));

        var text = view.ToString();
        Assert.AreNotEqual("Completed", view.TryGetProperty("result", out var r) && r.ValueKind == System.Text.Json.JsonValueKind.Object
            ? r.GetProperty("status").GetString() : RunFollower.RuntimeStatus(view), $"a run with no usable dataset must not complete cleanly: {text}");
        StringAssert.Contains(text + await ReportTextAsync(host, runId), Path.GetFileName(victim),
            $"the failure names the corrupt file: {text}");

        // No staging folder of affectnet7 claims to be complete, and no training job wrote a completion record.
        var staging = await Blobs.ListAsync(BlobLayout.StagingContainer, "affectnet7/");
        foreach (var completion in staging.Where(n => n.EndsWith("/" + BlobLayout.CompletionFile)))
        {
            var record = QcsJson.Deserialize<JobCompletion>(await Blobs.ReadTextAsync(BlobLayout.StagingContainer, completion), completion);
            Assert.IsFalse(record.Succeeded, $"staging/{completion} says a corrupt dataset was staged successfully");
        }
        var checkpoints = await Blobs.ListAsync(BlobLayout.CheckpointsContainer, BlobLayout.ReportPrefix(runId));
        Assert.IsFalse(checkpoints.Any(n => n.EndsWith("/" + BlobLayout.CompletionFile)), string.Join(", ", checkpoints));
        // Bad input is not retried: the staging job ran once (on Container Apps its exit code comes from the completion record).
        var packs = File.ReadAllLines(launches).Count(l => l.StartsWith("pack "));
        Assert.AreEqual(1, packs, $"the failing staging job ran {packs} times:\n{await File.ReadAllTextAsync(launches)}");
    }

    [TestMethod]
    public async Task A_plan_naming_a_dataset_with_no_blobs_is_refused_before_any_job()
    {
        // No other test uploads ferplus: make sure nothing is there under its name.
        foreach (var blob in await Blobs.ListAsync(BlobLayout.DatasetsContainer, BlobLayout.DatasetPrefix("ferplus")))
            await Blobs.Container(BlobLayout.DatasetsContainer).DeleteBlobIfExistsAsync(blob);
        var (command, launches) = Trainer.LaunchLoggingCommand(Path.Combine(SyntheticData.Root, "missing-run"));
        await using var host = await LocalHostProcess.StartAsync(TaskHub, settings: E2eSettings.Host(command));

        using var content = new StringContent(E2eSettings.Plan("e2e-missing", ["ferplus"], [], [1]), Encoding.UTF8, "application/json");
        using var response = await host.Http.PostAsync("runs", content);

        var body = await response.Content.ReadAsStringAsync();
        Assert.AreEqual(HttpStatusCode.BadRequest, response.StatusCode, body);
        StringAssert.Contains(body, "datasets/ferplus/");
        Assert.IsFalse(File.Exists(launches) && File.ReadAllLines(launches).Length > 0, "no job may start");
    }

    private static async Task<string> ReportTextAsync(LocalHostProcess host, string runId)
    {
        using var response = await host.Http.GetAsync($"runs/{runId}/report/report.md");
        return response.IsSuccessStatusCode ? await response.Content.ReadAsStringAsync() : "";
    }
}
