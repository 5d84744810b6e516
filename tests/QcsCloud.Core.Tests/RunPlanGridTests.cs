
namespace QcsCloud.Core.Tests;

[TestClass]
public sealed class RunPlanGridTests
{
    [TestMethod]
    public void A_plan_with_mode_alone_has_one_arm_and_keeps_the_names_and_folders_of_runs_before_grids()
    {
        var plan = new RunPlan(Mode: TrainingMode.Dcs, Datasets: ["rafdb"], FineTuneTargets: []).WithDefaults();

        CollectionAssert.AreEqual(new[] { TrainingMode.Dcs }, plan.Modes!.ToArray());
        Assert.IsFalse(plan.IsGrid);
        var arm = plan.Arms.Single();
        Assert.IsNull(arm.LayoutName);
        Assert.AreEqual("dcs", arm.Name);
        Assert.AreEqual("run-1-rafdb-pretrain-s2", RunLayout.TrainJobName("run-1", "rafdb", TrainPhase.Pretrain, 2, arm.LayoutName));
        Assert.AreEqual("run-1/rafdb/pretrain/seed-2/", BlobLayout.CheckpointPrefix("run-1", "rafdb", TrainPhase.Pretrain, 2, arm.LayoutName));
        Assert.AreEqual(3, plan.JobCount);
        Assert.HasCount(0, plan.Validate());
    }

    [TestMethod]
    public void Modes_and_variants_fan_out_into_arms_whose_names_are_in_every_job_name_and_folder()
    {
        var plan = new RunPlan(Modes: [TrainingMode.Baseline, TrainingMode.Qcs],
            Variants: [new PlanVariant("lr-high", LearningRate: 1e-3), new PlanVariant("small-batch", BatchSize: 16)]).WithDefaults();

        CollectionAssert.AreEqual(new[] { "baseline-lr-high", "baseline-small-batch", "qcs-lr-high", "qcs-small-batch" },
            plan.Arms.Select(a => a.LayoutName).ToArray());
        Assert.AreEqual(4 * 5 * 3, plan.JobCount, "4 arms x (3 pretrain datasets + 2 fine-tune targets) x 3 seeds");
        Assert.AreEqual("r-qcs-lr-high-rafdb-finetune-s2", RunLayout.TrainJobName("r", "rafdb", TrainPhase.FineTune, 2, plan.Arms[2].LayoutName));
        Assert.AreEqual("r/qcs-lr-high/rafdb/finetune/seed-2/", BlobLayout.CheckpointPrefix("r", "rafdb", TrainPhase.FineTune, 2, plan.Arms[2].LayoutName));
        var names = (from arm in plan.Arms
                     from d in plan.Datasets!
                     from seed in plan.Seeds!
                     select RunLayout.TrainJobName("r", d, TrainPhase.Pretrain, seed, arm.LayoutName)).ToList();
        Assert.AreEqual(names.Count, names.Distinct().Count(), "job names are unique across the grid");
        Assert.HasCount(0, plan.Validate(), string.Join("\n", plan.Validate()));
    }

    [TestMethod]
    public void Several_modes_without_variants_name_arms_by_mode()
    {
        var plan = new RunPlan(Modes: [TrainingMode.Baseline, TrainingMode.Dcs, TrainingMode.Qcs]).WithDefaults();

        CollectionAssert.AreEqual(new[] { "baseline", "dcs", "qcs" }, plan.Arms.Select(a => a.LayoutName).ToArray());
        Assert.AreEqual(TrainingMode.Baseline, plan.Mode, "mode is the first of modes, for readers of single-mode plans");
        Assert.HasCount(0, plan.Validate(), string.Join("\n", plan.Validate()));
    }

    [TestMethod]
    public void An_arm_trains_with_its_variant_fields_in_place_of_the_plan_fields()
    {
        var plan = new RunPlan(Modes: [TrainingMode.Dcs, TrainingMode.Qcs], Epochs: 10, FineTuneEpochs: 4, BatchSize: 32, Network: "paper",
            Variants: [new PlanVariant("short", Epochs: 2, Network: "tiny", LearningRate: 5e-4, ImageSize: 64)]).WithDefaults();

        var arm = plan.Arm("qcs-short")!;
        var resolved = plan.ForArm(arm);

        Assert.AreEqual(TrainingMode.Qcs, resolved.Mode);
        Assert.AreEqual(2, resolved.Epochs);
        Assert.AreEqual(2, resolved.FineTuneEpochs, "a variant's epochs also set the fine-tune epochs unless it names them");
        Assert.AreEqual("tiny", resolved.Network);
        Assert.AreEqual(5e-4, resolved.LearningRate);
        Assert.AreEqual(64, resolved.ImageSize);
        Assert.AreEqual(32, resolved.BatchSize, "fields the variant leaves out keep the plan's value");
        Assert.IsFalse(resolved.IsGrid);
        Assert.IsNull(plan.Arm("baseline-short"));
    }

    [TestMethod]
    public void Grid_validation_lists_every_problem_naming_the_field_and_value()
    {
        var plan = new RunPlan(Mode: TrainingMode.Baseline, Modes: [TrainingMode.Qcs, TrainingMode.Qcs, (TrainingMode)7],
            Variants: [new PlanVariant("Bad Name"), new PlanVariant("ok", LearningRate: 2, BatchSize: 0, Network: "huge", Epochs: 0),
                new PlanVariant("ok", ImageSize: 8, StepsPerEpoch: 0)]).WithDefaults();

        var problems = plan.Validate();

        string[] expected = ["modes lists qcs 2 times", "modes[2] (7)", "mode 'baseline' is not in modes", "variants[0].name 'Bad Name'",
            "variants[1].learningRate (2)", "variants[1].batchSize (0)", "variants[1].network 'huge'", "variants[1].epochs (0)",
            "variants[2].imageSize (8)", "variants[2].stepsPerEpoch (0)", "variants lists the name 'ok' 2 times"];
        foreach (var fragment in expected)
            Assert.IsTrue(problems.Any(p => p.Contains(fragment)), $"no problem mentions \"{fragment}\" in:\n{string.Join("\n", problems)}");
        Assert.HasCount(expected.Length, problems, string.Join("\n", problems));
    }

    [TestMethod]
    public void A_grid_plan_reads_from_json_and_normalising_twice_changes_nothing()
    {
        const string json = """
            { "modes": ["baseline", "dcs", "qcs"], "datasets": ["affectnet8", "rafdb"], "fineTuneTargets": ["rafdb"],
              "variants": [ { "name": "lr-low", "learningRate": 0.0001 } ] }
            """;

        var plan = QcsJson.Deserialize<RunPlan>(json, "plan").WithDefaults();
        var again = QcsJson.Deserialize<RunPlan>(QcsJson.Serialize(plan), "plan").WithDefaults();

        CollectionAssert.AreEqual(new[] { "baseline-lr-low", "dcs-lr-low", "qcs-lr-low" }, plan.Arms.Select(a => a.Name).ToArray());
        Assert.AreEqual(1e-4, plan.Variants![0].LearningRate);
        Assert.HasCount(0, again.Validate(), string.Join("\n", again.Validate()));
        CollectionAssert.AreEqual(plan.Arms.ToArray(), again.Arms.ToArray());
        Assert.AreEqual(3 * 3 * 3, plan.JobCount);
    }
}
