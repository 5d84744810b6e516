using QcsCloud.Core;

namespace QcsCloud.Reports.Tests;

[TestClass]
public sealed class RunReportBuilderTests
{
    private const string Run = "run-b";

    private static ReportJob Train(string dataset, TrainPhase phase, int seed, JobOutcomeState? state, double acc = 0.9, string? error = null)
    {
        var name = RunLayout.TrainJobName(Run, dataset, phase, seed);
        var folder = $"http://127.0.0.1:10000/devstoreaccount1/checkpoints/{BlobLayout.CheckpointPrefix(Run, dataset, phase, seed)}";
        var outcome = state is { } s ? new JobOutcome(name, JobKind.Train, dataset, phase, seed, s, 1 + (s == JobOutcomeState.GaveUp ? 2 : 0), seed == 2 ? 1 : 0, error, 0.5, folder) : null;
        var classes = DatasetCatalog.ClassNames(DatasetCatalog.Parse(dataset));
        var metrics = state == JobOutcomeState.Succeeded
            ? SampleReports.Metrics(dataset, phase, classes, seed, acc, 4, finished: true) with
            {
                Provenance = new RunProvenance("abc123", "qcs", classes, $"hash-{dataset}", ["ir50.pth"], new Dictionary<string, string> { ["TorchSharp"] = "0.107.0" }, "CPU x2"),
            }
            : null;
        return new ReportJob(name, JobKind.Train, dataset, phase, seed, outcome, metrics, folder);
    }

    internal static RunReport Build()
    {
        var plan = new RunPlan(RunId: Run, Seeds: [1, 2], FineTuneTargets: ["rafdb", "ferplus"], GpuHourBudget: 10).WithDefaults();
        var stage = new ReportJob(RunLayout.StageJobName(Run, "ferplus"), JobKind.Stage, "ferplus", null, null,
            new JobOutcome(RunLayout.StageJobName(Run, "ferplus"), JobKind.Stage, "ferplus", null, null, JobOutcomeState.BadInput, 1, 0, "fer2013.csv missing", 0, "x"), null, null);
        ReportJob[] jobs =
        [
            Train("affectnet8", TrainPhase.Pretrain, 1, JobOutcomeState.Succeeded, 0.62),
            Train("affectnet8", TrainPhase.Pretrain, 2, JobOutcomeState.Succeeded, 0.64),
            Train("rafdb", TrainPhase.Pretrain, 1, JobOutcomeState.Succeeded, 0.91),
            Train("rafdb", TrainPhase.Pretrain, 2, JobOutcomeState.GaveUp, error: "NaN loss at epoch 3"),
            Train("rafdb", TrainPhase.FineTune, 1, JobOutcomeState.Succeeded, 0.93),
            Train("rafdb", TrainPhase.FineTune, 2, null),
            stage,
            Train("ferplus", TrainPhase.Pretrain, 1, JobOutcomeState.Skipped, error: "staging failed"),
        ];
        return RunReportBuilder.Build(Run, SampleReports.Created, plan, jobs, "affectnet8 seed 2 best.ckpt", ["fine-tune from affectnet8 seed 2"], "test");
    }

    [TestMethod]
    public void Datasets_follow_the_plan_and_outcomes_map_to_seed_states()
    {
        var r = Build();

        CollectionAssert.AreEqual(new[] { "affectnet8", "rafdb", "ferplus" }, r.Datasets.Select(d => d.Dataset).ToArray());
        var raf = r.Datasets[1];
        CollectionAssert.AreEqual(DatasetCatalog.RafDbClasses.ToArray(), raf.ClassNames.ToArray());
        Assert.AreEqual(2, raf.Phases.Count);
        CollectionAssert.AreEqual(new[] { SeedOutcome.Succeeded, SeedOutcome.Failed }, raf.Phases[0].Seeds.Select(s => s.Outcome).ToArray());
        Assert.AreEqual("NaN loss at epoch 3", raf.Phases[0].Seeds[1].Error);
        Assert.AreEqual(SeedOutcome.NotStarted, raf.Phases[1].Seeds[1].Outcome);
        Assert.AreEqual("affectnet8 seed 2 best.ckpt", raf.Phases[1].InitFrom);
        StringAssert.EndsWith(raf.Phases[0].Seeds[0].Checkpoints!.Best, "/seed-1/best.ckpt");
        Assert.AreEqual(SeedOutcome.NotStarted, r.Datasets[2].Phases[0].Seeds[0].Outcome);
    }

    [TestMethod]
    public void Failures_budget_and_provenance_come_from_the_jobs()
    {
        var r = Build();

        CollectionAssert.AreEquivalent(new[] { RunLayout.TrainJobName(Run, "rafdb", TrainPhase.Pretrain, 2), RunLayout.StageJobName(Run, "ferplus") },
            r.Failures.Select(f => f.JobName).ToArray());
        Assert.AreEqual(JobExitCode.BadInput, r.Failures.Single(f => f.Kind == JobKind.Stage).ExitCode);
        Assert.AreEqual(10, r.Budget!.GpuHoursBudget);
        Assert.AreEqual(3.0, r.Budget.GpuHoursUsed!.Value, 1e-9);   // 6 ended training jobs x 0.5 h (staging 0)
        Assert.IsTrue(r.Budget.Notes.Any(n => n.Contains("preemption")), string.Join("; ", r.Budget.Notes));
        Assert.IsTrue(r.Budget.Notes.Any(n => n.Contains("never launched") && n.Contains("staging failed")), string.Join("; ", r.Budget.Notes));
        Assert.AreEqual("abc123", r.Provenance.CodeCommit);
        CollectionAssert.AreEquivalent(new[] { "affectnet8", "rafdb" }, r.Provenance.DatasetManifests.Select(m => m.Dataset).ToArray());
    }

    [TestMethod]
    public void Built_report_renders_and_is_valid()
    {
        var dir = Directory.CreateTempSubdirectory("qcs-report-built-").FullName;
        try
        {
            var rendered = ReportRenderer.Render(Build(), dir);
            Assert.IsTrue(rendered.Images.Count >= 10, string.Join(", ", rendered.RelativeFiles));
            var summary = Build().Datasets[1].Phases[0].Summary!;
            Assert.AreEqual(1, summary.SeedCount);   // the given-up seed does not count
        }
        finally { Directory.Delete(dir, recursive: true); }
    }
}
