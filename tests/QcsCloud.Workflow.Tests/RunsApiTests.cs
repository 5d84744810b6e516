using System.Text.Json;
using QcsCloud.Core;
using QcsCloud.Workflow.Tests.Support;

namespace QcsCloud.Workflow.Tests;

[TestClass]
public sealed class RunsApiTests
{
    private static WorkflowHost Host => AssemblyHost.Host;

    private static string Json(RunPlan plan) => QcsJson.Serialize(plan);

    private static string NewRunId() => $"api-{Guid.NewGuid().ToString("N")[..10]}";

    [TestMethod]
    public async Task Malformed_json_gets_400_naming_the_line_and_position()
    {
        var result = await Host.Api.StartAsync(Host.Client, "{\n  \"datasets\": [\"rafdb\",\n}", CancellationToken.None);

        Assert.AreEqual(400, result.StatusCode);
        StringAssert.Contains(result.JsonBody, "not a valid RunPlan at line");
    }

    [TestMethod]
    public async Task An_empty_body_gets_400_with_an_example()
    {
        var result = await Host.Api.StartAsync(Host.Client, "  ", CancellationToken.None);

        Assert.AreEqual(400, result.StatusCode);
        StringAssert.Contains(result.JsonBody, "empty");
    }

    [TestMethod]
    public async Task A_misspelled_field_gets_400_naming_it()
    {
        var result = await Host.Api.StartAsync(Host.Client, "{\"datasets\": [\"rafdb\"], \"seedz\": [1]}", CancellationToken.None);

        Assert.AreEqual(400, result.StatusCode);
        StringAssert.Contains(result.JsonBody, "seedz");
    }

    [TestMethod]
    public async Task An_invalid_plan_gets_400_listing_every_problem()
    {
        var result = await Host.Api.StartAsync(Host.Client, "{\"datasets\": [\"imagenet\"], \"seeds\": [], \"network\": \"huge\", \"fineTuneTargets\": []}", CancellationToken.None);

        Assert.AreEqual(400, result.StatusCode);
        var problems = JsonDocument.Parse(result.JsonBody!).RootElement.GetProperty("problems").EnumerateArray().Select(p => p.GetString()!).ToList();
        Assert.AreEqual(3, problems.Count, string.Join("\n", problems));
        Assert.IsTrue(problems.Any(p => p.Contains("datasets[0] 'imagenet' is unknown")));
        Assert.IsTrue(problems.Any(p => p.Contains("seeds is empty")));
        Assert.IsTrue(problems.Any(p => p.Contains("network 'huge'")));
    }

    [TestMethod]
    public async Task A_plan_over_the_deployments_caps_gets_400_naming_each_setting()
    {
        var plan = new RunPlan(RunId: NewRunId(), Datasets: ["rafdb", "ferplus", "affectnet7", "affectnet8", "generic"],
            Seeds: Enumerable.Range(1, 32).ToArray(), FineTuneTargets: [], MaxConcurrentJobs: 64);

        var result = await Host.Api.StartAsync(Host.Client, Json(plan), CancellationToken.None);

        Assert.AreEqual(400, result.StatusCode, result.JsonBody);
        StringAssert.Contains(result.JsonBody, "the plan makes 160 training jobs; Qcs:Limits:MaxJobsPerRun allows 100 per run");
        StringAssert.Contains(result.JsonBody, "maxConcurrentJobs (64) is over Qcs:Limits:MaxConcurrentJobs (16)");
        Assert.IsNull(await Host.Client.GetInstanceAsync(plan.RunId!), "no run may start over a cap");
    }

    [TestMethod]
    public async Task A_preview_lists_every_arms_jobs_estimates_their_gpu_hours_and_starts_nothing()
    {
        // Steps: 2 epochs x 30 = 60 per job; the host's calibration: qcs-tiny 3.6 s, baseline-tiny 1.8 s per step.
        var plan = new RunPlan(RunId: NewRunId(), Modes: [TrainingMode.Baseline, TrainingMode.Qcs], Datasets: ["affectnet8", "rafdb"],
            FineTuneTargets: ["rafdb"], Seeds: [1, 2], Network: "tiny", Epochs: 2, StepsPerEpoch: 30, GpuHourBudget: 1);

        var result = await Host.Api.PreviewAsync(Json(plan), CancellationToken.None);

        Assert.AreEqual(200, result.StatusCode, result.JsonBody);
        var preview = JsonDocument.Parse(result.JsonBody!).RootElement;
        Assert.IsTrue(preview.GetProperty("fits").GetBoolean(), result.JsonBody);
        var training = preview.GetProperty("jobs").EnumerateArray().Where(j => j.GetProperty("kind").GetString() == "Train").ToList();
        Assert.AreEqual(2 * 3 * 2, training.Count, "arms x (datasets + targets) x seeds");
        Assert.AreEqual(12, preview.GetProperty("trainingJobs").GetInt32());
        CollectionAssert.Contains(training.Select(j => j.GetProperty("name").GetString()).ToList(), $"{plan.RunId}-qcs-rafdb-finetune-s2");
        var qcs = training.First(j => j.GetProperty("arm").GetString() == "qcs");
        Assert.AreEqual(60, qcs.GetProperty("steps").GetInt32());
        Assert.AreEqual(60 * 3.6 / 3600, qcs.GetProperty("estimatedGpuHours").GetDouble(), 1e-12);
        Assert.AreEqual(6 * 0.06 + 6 * 0.03, preview.GetProperty("estimatedGpuHours").GetDouble(), 1e-9);
        Assert.AreEqual(12 * 24 * 3, preview.GetProperty("worstCaseGpuHours").GetDouble(), 1e-9, "jobs x attemptHours x maxAttempts");
        Assert.IsNull(await Host.Client.GetInstanceAsync(plan.RunId!), "a preview starts nothing");
        Assert.IsFalse(Host.Launcher.Launches.Any(s => s.Name.StartsWith(plan.RunId!)));
    }

    [TestMethod]
    public async Task A_preview_of_a_plan_over_a_cap_or_its_budget_does_not_fit_and_says_why()
    {
        var plan = new RunPlan(RunId: NewRunId(), Mode: TrainingMode.Qcs, Datasets: ["rafdb"], FineTuneTargets: [], Seeds: [1, 2],
            Network: "tiny", Epochs: 10, StepsPerEpoch: 100, MaxConcurrentJobs: 64, GpuHourBudget: 1);

        var result = await Host.Api.PreviewAsync(Json(plan), CancellationToken.None);

        Assert.AreEqual(200, result.StatusCode, result.JsonBody);
        var preview = JsonDocument.Parse(result.JsonBody!).RootElement;
        Assert.IsFalse(preview.GetProperty("fits").GetBoolean());
        var problems = string.Join("\n", preview.GetProperty("problems").EnumerateArray().Select(p => p.GetString()));
        StringAssert.Contains(problems, "maxConcurrentJobs (64) is over Qcs:Limits:MaxConcurrentJobs (16)");
        StringAssert.Contains(problems, "the estimate of 2 GPU-hours is over gpuHourBudget (1)");
        Assert.AreEqual(2, preview.GetProperty("jobs").EnumerateArray().Count(j => j.GetProperty("kind").GetString() == "Train"),
            "a plan over a cap still lists its jobs");
    }

    [TestMethod]
    public async Task An_init_outside_the_deployments_containers_gets_400_naming_init_and_the_allowed_host()
    {
        var plan = new RunPlan(RunId: NewRunId(), Datasets: ["rafdb"], Seeds: [1], FineTuneTargets: [],
            Init: "https://qcsdata.blob.core.windows.net.attacker.example/datasets/weights/ir50.pth");
        var own = new RunPlan(RunId: NewRunId(), Datasets: ["rafdb"], Seeds: [1], FineTuneTargets: [],
            Init: $"{Host.Storage.ServiceUri}/{Host.Storage.ContainerPrefix}reports/x/ir50.pth");

        var foreign = await Host.Api.StartAsync(Host.Client, Json(plan), CancellationToken.None);
        var wrongContainer = await Host.Api.StartAsync(Host.Client, Json(own), CancellationToken.None);

        Assert.AreEqual(400, foreign.StatusCode, foreign.JsonBody);
        StringAssert.Contains(foreign.JsonBody, "https://qcsdata.blob.core.windows.net.attacker.example/datasets/weights/ir50.pth");
        StringAssert.Contains(foreign.JsonBody, "is not allowed: host");
        StringAssert.Contains(foreign.JsonBody, $"allowed host: {new Uri(Host.Storage.ServiceUri).Authority}");
        Assert.AreEqual(400, wrongContainer.StatusCode, wrongContainer.JsonBody);
        StringAssert.Contains(wrongContainer.JsonBody, "is not a blob in a container jobs may read");
    }

    [TestMethod]
    public async Task A_dataset_with_no_uploaded_blobs_gets_400_naming_the_folder()
    {
        await TestStorage.UploadDatasetAsync(Host.Storage, "rafdb");
        var plan = new RunPlan(RunId: NewRunId(), Datasets: ["rafdb", "affectnet7"], FineTuneTargets: []);

        var result = await Host.Api.StartAsync(Host.Client, Json(plan), CancellationToken.None);

        Assert.AreEqual(400, result.StatusCode);
        StringAssert.Contains(result.JsonBody, $"{Host.Storage.ContainerPrefix}datasets/affectnet7/ holds no blobs");
        Assert.IsNull(await Host.Client.GetInstanceAsync(plan.RunId!), "no run may start when a dataset is missing");
    }

    [TestMethod]
    public async Task The_same_run_id_and_plan_give_the_same_run_and_another_plan_gets_409()
    {
        await TestStorage.UploadDatasetAsync(Host.Storage, "rafdb");
        var runId = NewRunId();
        var plan = new RunPlan(RunId: runId, Datasets: ["rafdb"], Seeds: [1], FineTuneTargets: []);

        var first = await Host.Api.StartAsync(Host.Client, Json(plan), CancellationToken.None);
        var again = await Host.Api.StartAsync(Host.Client, Json(plan), CancellationToken.None);
        var other = await Host.Api.StartAsync(Host.Client, Json(plan with { Seeds = [1, 2] }), CancellationToken.None);

        Assert.AreEqual(202, first.StatusCode, first.JsonBody);
        StringAssert.Contains(first.JsonBody, $"\"id\": \"{runId}\"");
        Assert.AreEqual(200, again.StatusCode, again.JsonBody);
        StringAssert.Contains(again.JsonBody, "\"existing\": true");
        Assert.AreEqual(409, other.StatusCode, other.JsonBody);
        await Host.WaitAsync(runId);
        Assert.AreEqual(1, Host.Launcher.LaunchCount(RunLayout.TrainJobName(runId, "rafdb", TrainPhase.Pretrain, 1)));
    }

    [TestMethod]
    public async Task Concurrent_posts_of_one_run_id_start_it_once_and_a_repost_after_the_end_answers_its_status()
    {
        await TestStorage.UploadDatasetAsync(Host.Storage, "rafdb");
        var runId = NewRunId();
        var body = Json(new RunPlan(RunId: runId, Datasets: ["rafdb"], Seeds: [1], FineTuneTargets: []));

        var answers = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(() => Host.Api.StartAsync(Host.Client, body, CancellationToken.None))));
        await Host.WaitAsync(runId);
        var after = await Host.Api.StartAsync(Host.Client, body, CancellationToken.None);

        Assert.AreEqual(1, answers.Count(a => a.StatusCode == 202), string.Join("\n", answers.Select(a => $"{a.StatusCode} {a.JsonBody}")));
        Assert.AreEqual(5, answers.Count(a => a.StatusCode == 200));
        Assert.AreEqual(1, Host.Launcher.LaunchCount(RunLayout.TrainJobName(runId, "rafdb", TrainPhase.Pretrain, 1)), "the run was not restarted");
        Assert.AreEqual(200, after.StatusCode, after.JsonBody);
        var view = JsonDocument.Parse(after.JsonBody!).RootElement;
        Assert.AreEqual("Completed", view.GetProperty("runtimeStatus").GetString());
        Assert.AreEqual("Completed", view.GetProperty("status").GetString());
    }

    [TestMethod]
    public async Task Unknown_runs_get_404_and_path_tricks_get_400()
    {
        Assert.AreEqual(404, (await Host.Api.GetAsync(Host.Client, "no-such-run", CancellationToken.None)).StatusCode);
        Assert.AreEqual(400, (await Host.Api.GetAsync(Host.Client, "../etc", CancellationToken.None)).StatusCode);
        Assert.AreEqual(404, (await Host.Api.CancelAsync(Host.Client, "no-such-run", CancellationToken.None)).StatusCode);
        Assert.AreEqual(400, (await Host.Api.GetReportAsync(Host.Client, "no-such-run", "../report.md", CancellationToken.None)).StatusCode);
        Assert.AreEqual(404, (await Host.Api.GetReportAsync(Host.Client, "no-such-run", null, CancellationToken.None)).StatusCode);
    }

    [TestMethod]
    public async Task The_run_list_shows_started_runs_and_not_their_child_orchestrations()
    {
        await TestStorage.UploadDatasetAsync(Host.Storage, "rafdb");
        var runId = NewRunId();
        Assert.AreEqual(202, (await Host.Api.StartAsync(Host.Client, Json(new RunPlan(RunId: runId, Datasets: ["rafdb"], Seeds: [1], FineTuneTargets: [])), CancellationToken.None)).StatusCode);
        await Host.WaitAsync(runId);

        var list = await Host.Api.ListAsync(Host.Client, CancellationToken.None);

        Assert.AreEqual(200, list.StatusCode);
        var ids = JsonDocument.Parse(list.JsonBody!).RootElement.EnumerateArray().Select(r => r.GetProperty("id").GetString()).ToList();
        CollectionAssert.Contains(ids, runId);
        Assert.IsFalse(ids.Any(id => id!.Contains(':')), "child orchestrations are not runs");
    }
}
