using System.Net;
using System.Text.Json;
using QcsCloud.Core;
using QcsCloud.EndToEnd.Tests.Support;
using QcsCloud.LocalHost.Tests.Support;

namespace QcsCloud.EndToEnd.Tests;

/// <summary>
/// The whole path on this machine: HTTP -> durable run on Azurite -> real <c>qcs pack</c> and <c>qcs train</c>
/// jobs -> fine-tune chain -> report in blob storage -> report downloaded through the API.
/// </summary>
[TestClass]
public sealed class FullRunTests
{
    private static readonly string TaskHub = TestStorage.NewTaskHubName("E2eFull");

    [ClassCleanup]
    public static async Task Cleanup()
    {
        await TaskHubCleanup.DeleteAsync(TaskHub);
        SyntheticData.Delete();
    }

    /// <summary>
    /// The same path with the host's Container Apps launcher against the Container Apps jobs emulator (ARM over HTTPS,
    /// executions as processes), on the smallest plan that still stages, pretrains, fine-tunes and reports.
    /// </summary>
    [TestMethod]
    public async Task A_one_seed_run_through_the_container_apps_emulator_fine_tunes_and_publishes_its_report()
    {
        await SyntheticData.EnsureUploadedAsync("affectnet8");
        await SyntheticData.EnsureUploadedAsync("rafdb");
        var (command, launches) = Trainer.LaunchLoggingCommand(Path.Combine(SyntheticData.Root, "full-run-emulator"));
        await using var jobs = await JobLaunchers.StartAsync(JobLaunchers.Emulator, command);
        await using var host = await LocalHostProcess.StartAsync(TaskHub, settings: jobs.HostSettings);
        var runId = $"e2e-aca-{Guid.NewGuid():N}"[..20];

        await RunFollower.StartAsync(host, E2eSettings.Plan(runId, ["affectnet8"], ["rafdb"], [1]));
        var view = await RunFollower.WaitUntilEndedAsync(host, runId, TimeSpan.FromMinutes(4));

        Assert.AreEqual("Completed", RunFollower.RuntimeStatus(view), view.ToString());
        Assert.AreEqual(2, view.GetProperty("result").GetProperty("jobsSucceeded").GetInt32(), view.ToString());
        foreach (var (dataset, phase) in new[] { ("affectnet8", TrainPhase.Pretrain), ("rafdb", TrainPhase.FineTune) })
        {
            var prefix = BlobLayout.CheckpointPrefix(runId, dataset, phase, 1);
            var completion = QcsJson.Deserialize<JobCompletion>(
                await Blobs.ReadTextAsync(BlobLayout.CheckpointsContainer, prefix + BlobLayout.CompletionFile), prefix);
            Assert.IsTrue(completion.Succeeded, $"{prefix}: {completion.Error}");
            // Ran as exactly one execution of the GPU job, which passed the job name and output folder in its environment.
            var name = RunLayout.TrainJobName(runId, dataset, phase, 1);
            var execution = jobs.ContainerApps!.ExecutionsOf(name).Single();
            Assert.AreEqual("Succeeded", execution.Status);
            StringAssert.EndsWith(execution.JobId, "/jobs/qcs-train");
            StringAssert.EndsWith(execution.Env("QCS_OUTPUT_URI")!, prefix);
        }
        Assert.HasCount(2, File.ReadAllLines(launches).Where(l => l.StartsWith("train ")).ToList(), await File.ReadAllTextAsync(launches));
        var reportBlobs = await Blobs.ListAsync(BlobLayout.ReportsContainer, BlobLayout.ReportPrefix(runId));
        Assert.IsTrue(reportBlobs.Contains(BlobLayout.ReportPrefix(runId) + "report.html"), string.Join(", ", reportBlobs));
        using var html = await host.Http.GetAsync($"runs/{runId}/report");
        Assert.AreEqual(HttpStatusCode.OK, html.StatusCode);
    }

    [TestMethod]
    public async Task A_two_dataset_two_seed_run_pretrains_fine_tunes_and_publishes_a_report_served_by_the_API()
    {
        await SyntheticData.EnsureUploadedAsync("affectnet8");
        await SyntheticData.EnsureUploadedAsync("rafdb");
        var (command, launches) = Trainer.LaunchLoggingCommand(Path.Combine(SyntheticData.Root, "full-run"));
        await using var host = await LocalHostProcess.StartAsync(TaskHub, settings: E2eSettings.Host(command));
        var runId = $"e2e-full-{Guid.NewGuid():N}"[..20];

        await RunFollower.StartAsync(host, E2eSettings.Plan(runId, ["affectnet8"], ["rafdb"], [1, 2]));
        var view = await RunFollower.WaitUntilEndedAsync(host, runId, TimeSpan.FromMinutes(5));

        Assert.AreEqual("Completed", RunFollower.RuntimeStatus(view), view.ToString());
        var result = view.GetProperty("result");
        Assert.AreEqual("Completed", result.GetProperty("status").GetString(), view.ToString());
        Assert.AreEqual(4, result.GetProperty("jobsSucceeded").GetInt32(), view.ToString());
        Assert.AreEqual(0, result.GetProperty("jobsFailed").GetInt32(), view.ToString());
        // Staging jobs may not run at all when the same content was staged before (content hash); training jobs all ran.
        Assert.IsTrue(RunFollower.Jobs(view).Where(j => j.GetProperty("kind").GetString() == "Train").All(j => RunFollower.JobStatus(j) == "Completed"), view.ToString());

        // Every training job left its checkpoints, metrics and completion record under checkpoints/<run>/.
        foreach (var (dataset, phase) in new[] { ("affectnet8", TrainPhase.Pretrain), ("rafdb", TrainPhase.FineTune) })
            foreach (var seed in new[] { 1, 2 })
            {
                var prefix = BlobLayout.CheckpointPrefix(runId, dataset, phase, seed);
                var names = await Blobs.ListAsync(BlobLayout.CheckpointsContainer, prefix);
                foreach (var file in new[] { BlobLayout.BestCheckpointFile, BlobLayout.MetricsFile, BlobLayout.CompletionFile })
                    Assert.IsTrue(names.Contains(prefix + file), $"{BlobLayout.CheckpointsContainer}/{prefix}{file} missing; have: {string.Join(", ", names)}");
                var completion = QcsJson.Deserialize<JobCompletion>(
                    await Blobs.ReadTextAsync(BlobLayout.CheckpointsContainer, prefix + BlobLayout.CompletionFile), prefix);
                Assert.IsTrue(completion.Succeeded, $"{prefix}: {completion.Error}");
            }

        // The fine-tune jobs started from the pretrain phase's checkpoint.
        var lines = File.ReadAllLines(launches);
        var fineTunes = lines.Where(l => l.StartsWith("train ") && l.Contains("/finetune/")).ToList();
        Assert.HasCount(2, fineTunes, string.Join("\n", lines));
        Assert.IsTrue(fineTunes.All(l => l.Contains("--finetune-from") && l.Contains("/affectnet8/pretrain/seed-")), string.Join("\n", fineTunes));

        // The report is in blob storage and the API serves it.
        var reportBlobs = await Blobs.ListAsync(BlobLayout.ReportsContainer, BlobLayout.ReportPrefix(runId));
        foreach (var file in new[] { "report.json", "report.md", "report.html" })
            Assert.IsTrue(reportBlobs.Contains(BlobLayout.ReportPrefix(runId) + file), $"reports/{runId}/{file} missing; have {string.Join(", ", reportBlobs)}");

        using var html = await host.Http.GetAsync($"runs/{runId}/report");
        Assert.AreEqual(HttpStatusCode.OK, html.StatusCode);
        Assert.AreEqual("text/html", html.Content.Headers.ContentType?.MediaType);
        StringAssert.Contains(await html.Content.ReadAsStringAsync(), "rafdb", StringComparison.OrdinalIgnoreCase);

        using var json = await host.Http.GetAsync($"runs/{runId}/report/report.json");
        Assert.AreEqual(HttpStatusCode.OK, json.StatusCode);
        using var report = JsonDocument.Parse(await json.Content.ReadAsStringAsync());
        StringAssert.Contains(report.RootElement.ToString(), runId);

        // The jobs ran `qcs train --explain` (default explainImages 4): the report shows their attention maps,
        // each PNG served by the API under attention/, and the HTML embeds them in its attention section.
        Assert.IsTrue(lines.Where(l => l.StartsWith("train ")).All(l => l.Contains("--explain 4")), string.Join("\n", lines));
        Assert.IsTrue(report.RootElement.TryGetProperty("attentionMaps", out var maps) && maps.GetArrayLength() > 0, "report.json has no attentionMaps");
        var mapped = maps.EnumerateArray().Select(m => (m.GetProperty("dataset").GetString(), m.GetProperty("phase").GetString(), m.GetProperty("seed").GetInt32())).ToHashSet();
        foreach (var expected in new[] { ("affectnet8", "pretrain"), ("rafdb", "fineTune") })
            Assert.IsTrue(mapped.Any(m => (m.Item1, m.Item2) == expected), $"no attention map of {expected}; have {string.Join(", ", mapped)}");
        foreach (var map in maps.EnumerateArray())
        {
            var file = map.GetProperty("file").GetString()!;
            StringAssert.StartsWith(file, "attention/");
            using var png = await host.Http.GetAsync($"runs/{runId}/report/{file}");
            Assert.AreEqual(HttpStatusCode.OK, png.StatusCode, file);
            Assert.AreEqual("image/png", png.Content.Headers.ContentType?.MediaType, file);
        }
        using var page = await host.Http.GetAsync($"runs/{runId}/report/report.html");
        var pageText = await page.Content.ReadAsStringAsync();
        var section = pageText.IndexOf("<section id=\"attention\">", StringComparison.Ordinal);
        Assert.IsGreaterThanOrEqualTo(0, section, "report.html has no attention section");
        var figures = pageText[section..pageText.IndexOf("</section>", section, StringComparison.Ordinal)].Split("attention-map").Length - 1;
        Assert.AreEqual(maps.GetArrayLength(), figures, "one embedded figure per attention map");
    }
}
