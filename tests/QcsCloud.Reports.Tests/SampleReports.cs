using QcsCloud.Core;

namespace QcsCloud.Reports.Tests;

/// <summary>Deterministic reports shaped like real runs: plausible curves, confusion matrices consistent with accuracies.</summary>
internal static class SampleReports
{
    public static readonly DateTimeOffset Created = new(2026, 11, 30, 1, 0, 0, TimeSpan.Zero);

    /// <summary>RAF-DB pretrain + fine-tune (3 seeds each) and AffectNet-8 pretrain (2 seeds), no failures.</summary>
    public static RunReport Full(int seedCount = 3) => Build("run-full", seedCount, withFailures: false);

    /// <summary>Like <see cref="Full"/>, but one RAF-DB seed and the FERPlus staging job failed.</summary>
    public static RunReport WithFailures() => Build("run-failed", 3, withFailures: true);

    /// <summary>One dataset, one phase, one seed.</summary>
    public static RunReport SingleSeed()
    {
        var classes = DatasetCatalog.RafDbClasses;
        var phase = new PhaseReport(TrainPhase.Pretrain, TrainingMode.Qcs, "ir50.pth",
            [Seed("rafdb", TrainPhase.Pretrain, classes, 7, 0, 0.91, epochs: 6)]);
        return new RunReport("run-single", Created,
            new RunPlanSummary(["rafdb"], TrainingMode.Qcs, [7], "tiny", 6),
            Provenance([7]),
            [new DatasetReport("rafdb", classes, [phase])],
            []);
    }

    /// <summary>
    /// A grid run built the way the workflow builds it: modes baseline, dcs, qcs x affectnet8 (pretrain) and rafdb
    /// (pretrain, fine-tune) x seeds 1-3, every arm fine-tuning from its own best AffectNet-8 seed. Accuracy rises from
    /// baseline to QCS by a seed-dependent step, so the paired differences have a spread.
    /// </summary>
    public static RunReport Grid()
    {
        const string run = "run-grid";
        var plan = new RunPlan(RunId: run, Modes: [TrainingMode.Baseline, TrainingMode.Dcs, TrainingMode.Qcs], Seeds: [1, 2, 3],
            Datasets: ["affectnet8", "rafdb"], FineTuneTargets: ["rafdb"], Network: "tiny").WithDefaults();
        var jobs = new List<ReportJob>();
        var fineTuneFrom = new Dictionary<string, string>();
        foreach (var arm in plan.Arms)
        {
            var lift = (int)arm.Mode * 0.012;
            foreach (var (dataset, phase, baseAcc) in new[] { ("affectnet8", TrainPhase.Pretrain, 0.55), ("rafdb", TrainPhase.Pretrain, 0.84), ("rafdb", TrainPhase.FineTune, 0.87) })
                foreach (var seed in plan.Seeds!)
                {
                    var name = RunLayout.TrainJobName(run, dataset, phase, seed, arm.LayoutName);
                    var folder = $"http://127.0.0.1:10000/devstoreaccount1/checkpoints/{BlobLayout.CheckpointPrefix(run, dataset, phase, seed, arm.LayoutName)}";
                    var classes = DatasetCatalog.ClassNames(DatasetCatalog.Parse(dataset));
                    var metrics = Metrics(dataset, phase, classes, seed, baseAcc + lift + 0.003 * seed * (int)arm.Mode, 5, finished: true) with { Mode = arm.Mode };
                    jobs.Add(new ReportJob(name, JobKind.Train, dataset, phase, seed,
                        new JobOutcome(name, JobKind.Train, dataset, phase, seed, JobOutcomeState.Succeeded, 1, 0, null, 0.1, folder), metrics, folder, arm.LayoutName));
                }
            fineTuneFrom[arm.Name] = $"checkpoints/{BlobLayout.CheckpointPrefix(run, "affectnet8", TrainPhase.Pretrain, 3, arm.LayoutName)}best.ckpt";
        }
        return RunReportBuilder.Build(run, Created, plan, jobs, toolVersion: "test", fineTuneFromByArm: fineTuneFrom);
    }

    private static RunReport Build(string runId, int seedCount, bool withFailures)
    {
        var seeds = Enumerable.Range(1, seedCount).ToArray();
        var raf = DatasetCatalog.RafDbClasses;
        var an8 = DatasetCatalog.AffectNet8Classes;
        var rafPre = seeds.Select((s, i) => withFailures && i == 1
            ? new SeedResult(s, SeedOutcome.Failed, Metrics("rafdb", TrainPhase.Pretrain, raf, s, 0.80, 4, finished: false),
                Links(runId, "rafdb", TrainPhase.Pretrain, s), "CUDA error: out of memory (exit 3) after epoch 4")
            : Seed("rafdb", TrainPhase.Pretrain, raf, s, i, 0.915 + 0.004 * i, 12, runId)).ToList();
        var rafFt = seeds.Select((s, i) => Seed("rafdb", TrainPhase.FineTune, raf, s, i, 0.925 + 0.003 * i, 12, runId)).ToList();
        var an8Pre = seeds.Take(2).Select((s, i) => Seed("affectnet8", TrainPhase.Pretrain, an8, s, i, 0.63 + 0.01 * i, 10, runId)).ToList();
        var datasets = new List<DatasetReport>
        {
            new("affectnet8", an8, [new PhaseReport(TrainPhase.Pretrain, TrainingMode.Qcs, "ir50.pth", an8Pre)]),
            new("rafdb", raf, [
                new PhaseReport(TrainPhase.Pretrain, TrainingMode.Qcs, "ir50.pth", rafPre),
                new PhaseReport(TrainPhase.FineTune, TrainingMode.Qcs, $"checkpoints/{runId}/affectnet8/pretrain/seed-1/best.ckpt", rafFt)]),
        };
        var failures = new List<JobFailure>();
        if (withFailures)
        {
            failures.Add(new JobFailure($"{runId}-rafdb-pretrain-seed-2", JobKind.Train, "rafdb", TrainPhase.Pretrain, 2,
                JobExitCode.TrainingFailed, "CUDA error: out of memory (exit 3) after epoch 4\n  at QcsCloud.Training.Trainer.Step()", 3));
            failures.Add(new JobFailure($"{runId}-stage-ferplus", JobKind.Stage, "ferplus", null, null, JobExitCode.BadInput,
                "fer2013new.csv line 17: expected 12 columns, found 9 <bad row>", 1));
            datasets.Add(new DatasetReport("ferplus", DatasetCatalog.FerPlusClasses, []));
        }
        return new RunReport(runId, Created,
            new RunPlanSummary(datasets.Select(d => d.Dataset).ToList(), TrainingMode.Qcs, seeds, "paper", null, true,
                Description: "Sample run for the report tests"),
            Provenance(seeds),
            datasets,
            failures,
            new BudgetNotes(200, withFailures ? 61.5 : 58.25, ["2 preemptions, resumed from last.ckpt"]));
    }

    private static ReportProvenance Provenance(IReadOnlyList<int> seeds) => new(
        "0123456789abcdef0123456789abcdef01234567",
        new Dictionary<string, string> { ["TorchSharp"] = "0.107.0", ["libtorch"] = "2.10.0", ["ScottPlot"] = "5.1.59" },
        [new DatasetManifestRef("rafdb", "9f2c4e1a7b", "http://127.0.0.1:10000/devstoreaccount1/staging/rafdb/9f2c4e1a7b/", 15339)],
        seeds,
        "1x NVIDIA A100 80GB (Container Apps, Consumption-GPU-NC24-A100)",
        "0.1.0");

    private static CheckpointLinks Links(string runId, string dataset, TrainPhase phase, int seed)
    {
        var folder = $"checkpoints/{BlobLayout.CheckpointPrefix(runId, dataset, phase, seed)}";
        return new CheckpointLinks(folder, folder + BlobLayout.BestCheckpointFile, folder + BlobLayout.LastCheckpointFile, folder + BlobLayout.MetricsFile);
    }

    private static SeedResult Seed(string dataset, TrainPhase phase, IReadOnlyList<string> classes, int seed, int index, double finalAcc, int epochs, string runId = "run-single") =>
        new(seed, SeedOutcome.Succeeded, Metrics(dataset, phase, classes, seed + index, finalAcc, epochs, finished: true), Links(runId, dataset, phase, seed));

    public static TrainingMetrics Metrics(string dataset, TrainPhase phase, IReadOnlyList<string> classes, int seed, double finalAcc, int epochs, bool finished)
    {
        var list = new List<EpochMetrics>();
        for (var e = 1; e <= epochs; e++)
        {
            var progress = 1 - Math.Exp(-0.45 * e);
            var testAcc = Math.Round(finalAcc * (0.55 + 0.45 * progress) - 0.004 * ((e + seed) % 3), 4);
            // metrics.json counts epochs from 0, like the trainer.
            list.Add(new EpochMetrics(e - 1, 1.9 * (1 - progress) + 0.12 + 0.01 * seed, Math.Min(0.995, testAcc + 0.05 * progress), 4e-6 * Math.Pow(0.98, e - 1),
                310, 77.5, null, Evaluation(classes, testAcc, seed + e, 1.6 * (1 - progress) + 0.35)));
        }
        var best = list.MaxBy(x => x.Test!.Accuracy)!;
        var last = list[^1];
        return new TrainingMetrics(dataset, TrainingMode.Qcs, phase, seed, epochs + (finished ? 0 : 6), finished, list,
            null,
            new SelectedEpoch(best.Epoch, "best-test-accuracy (reference protocol, optimistic)", best.Test!),
            new SelectedEpoch(last.Epoch, "last-epoch", last.Test!));
    }

    /// <summary>A confusion matrix whose diagonal gives roughly <paramref name="accuracy"/>, and the scores computed from it.</summary>
    public static EvaluationResult Evaluation(IReadOnlyList<string> classes, double accuracy, int salt, double loss)
    {
        var n = classes.Count;
        var support = Enumerable.Range(0, n).Select(c => 60 + (c * 37 + 11) % 140).ToArray();
        var cm = new int[n][];
        for (var r = 0; r < n; r++)
        {
            cm[r] = new int[n];
            var classAcc = Math.Clamp(accuracy + 0.06 * Math.Sin(r * 1.7 + salt * 0.1), 0.05, 0.99);
            var correct = (int)Math.Round(support[r] * classAcc);
            cm[r][r] = correct;
            var rest = support[r] - correct;
            for (var k = 0; rest > 0; k++)
            {
                var c = (r + 1 + (k * 3 + salt) % (n - 1)) % n;
                if (c == r) continue;
                var take = Math.Max(1, rest / 2);
                cm[r][c] += take;
                rest -= take;
            }
        }
        var total = support.Sum();
        var perClass = Enumerable.Range(0, n).Select(c => (double)cm[c][c] / support[c]).ToArray();
        var f1 = Enumerable.Range(0, n).Select(c =>
        {
            double predicted = Enumerable.Range(0, n).Sum(r => cm[r][c]);
            var precision = predicted == 0 ? 0 : cm[c][c] / predicted;
            var recall = perClass[c];
            return precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        }).Average();
        return new EvaluationResult("test", classes, total, (double)Enumerable.Range(0, n).Sum(c => cm[c][c]) / total,
            perClass, perClass.Average(), f1, cm.Select(row => (IReadOnlyList<int>)row).ToList(), loss);
    }
}
