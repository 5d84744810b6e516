using System.Globalization;
using QcsCloud.Core;
using QcsCloud.Workflow.Api;
using QcsCloud.Workflow.Configuration;

namespace QcsCloud.Workflow.Tests;

/// <summary>The preview's step-time table: filled from the bench results, GPU rows marked as estimates, scaled by batch.</summary>
[TestClass]
public sealed class StepCalibrationTests
{
    private static readonly Dictionary<string, double> NoOverrides = [];

    [TestMethod]
    [DataRow(TrainingMode.Baseline)]
    [DataRow(TrainingMode.Dcs)]
    [DataRow(TrainingMode.Qcs)]
    public void The_cpu_rows_of_the_paper_network_are_the_model_benchs_torchsharp_step_medians(TrainingMode mode)
    {
        var measured = BenchStepMedian(PlanArm.ModeName(mode));

        var step = StepCalibration.Shipped(NoOverrides, "cpu").For(mode, RunPlan.PaperNetwork, batchSize: 2)!;

        Assert.AreEqual(measured, step.SecondsPerStep, 1e-9, step.Basis);
        Assert.IsFalse(step.Estimate, "measured on this kind of CPU");
        StringAssert.Contains(step.Basis, "bench/results/model-paper.md");
    }

    [TestMethod]
    [DataRow("T4")]
    [DataRow("A100")]
    public void Every_gpu_row_is_an_estimate_until_a_gpu_run_measures_it(string device)
    {
        var calibration = StepCalibration.Shipped(NoOverrides, device);

        foreach (var mode in new[] { TrainingMode.Baseline, TrainingMode.Dcs, TrainingMode.Qcs })
        {
            var step = calibration.For(mode, RunPlan.PaperNetwork, batchSize: null)
                ?? throw new AssertFailedException($"no {mode} row for the paper network on {device}");
            Assert.IsTrue(step.Estimate, step.Basis);
            StringAssert.Contains(step.Basis, "estimate", step.Basis);
        }
    }

    [TestMethod]
    public void A_row_is_scaled_to_the_plans_batch_and_a_deployments_own_measurement_wins()
    {
        var table = StepCalibration.Shipped(NoOverrides, "T4");
        var atRowBatch = table.For(TrainingMode.Qcs, RunPlan.PaperNetwork, batchSize: null)!;
        var atEight = table.For(TrainingMode.Qcs, RunPlan.PaperNetwork, batchSize: 8)!;
        var measured = StepCalibration.Shipped(new Dictionary<string, double> { ["qcs-paper"] = 2.5 }, "T4")
            .For(TrainingMode.Qcs, RunPlan.PaperNetwork, batchSize: 8)!;

        Assert.AreEqual(atRowBatch.SecondsPerStep * 8 / 24, atEight.SecondsPerStep, 1e-12, "the T4 rows are at the recipes' batch 24");
        StringAssert.Contains(atEight.Basis, "scaled from batch 24 to 8");
        Assert.AreEqual(2.5, measured.SecondsPerStep);
        Assert.IsFalse(measured.Estimate);
        Assert.AreEqual("Qcs:Limits:StepSeconds:qcs-paper", measured.Basis);
        Assert.IsNull(StepCalibration.Shipped(NoOverrides, device: null).For(TrainingMode.Qcs, RunPlan.PaperNetwork, 24), "unknown device");
    }

    [TestMethod]
    public void A_preview_on_a_t4_deployment_estimates_every_job_and_says_the_rows_are_unmeasured()
    {
        var plan = new RunPlan(RunId: "preview-t4", Modes: [TrainingMode.Baseline, TrainingMode.Qcs], Datasets: ["rafdb"], FineTuneTargets: [],
            Seeds: [1, 2], Network: RunPlan.PaperNetwork, Epochs: 10, StepsPerEpoch: 100, BatchSize: 24, GpuHourBudget: 10).WithDefaults();

        var jobs = RunPreview.ListJobs(plan, StepCalibration.Shipped(NoOverrides, "T4"));
        var preview = RunPreview.Of(plan, [], jobs);

        var training = jobs.Where(j => j.Phase is not null).ToList();
        Assert.HasCount(4, training);
        Assert.IsTrue(training.All(j => j.StepTimeEstimated == true && j.EstimatedGpuHours > 0), string.Join("\n", training));
        var qcs = training.First(j => j.Arm == "qcs");
        Assert.AreEqual(1000 * qcs.SecondsPerStep!.Value / 3600, qcs.EstimatedGpuHours!.Value, 1e-12);
        Assert.IsTrue(preview.EstimateUnmeasured);
        Assert.AreEqual(training.Sum(j => j.EstimatedGpuHours!.Value), preview.EstimatedGpuHours!.Value, 1e-12);
        StringAssert.Contains(preview.EstimateBasis, "qcs-paper-T4 at batch 24");
    }

    /// <summary>The TorchSharp median seconds of the SAM step row of <paramref name="mode"/> in bench/results/model-paper.md.</summary>
    private static double BenchStepMedian(string mode)
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "QcsCloud.sln"))) root = root.Parent;
        var file = Path.Combine(root?.FullName ?? throw new AssertFailedException("repository root not found"), "bench", "results", "model-paper.md");
        var row = File.ReadLines(file).Select(l => l.Split('|').Select(c => c.Trim()).ToArray())
            .FirstOrDefault(c => c.Length > 4 && c[1] == "step" && c[2] == mode && c[3] == "2")
            ?? throw new AssertFailedException($"{file}: no 'step | {mode} | 2' row");
        return double.Parse(row[4], CultureInfo.InvariantCulture);
    }
}
