using QcsCloud.Core;

namespace QcsCloud.Workflow.Tests;

[TestClass]
public sealed class RunPlanTests
{
    [TestMethod]
    public void An_empty_plan_pretrains_affectnet8_and_fine_tunes_rafdb_and_ferplus_on_three_seeds()
    {
        var plan = new RunPlan().WithDefaults();

        CollectionAssert.AreEqual(new[] { "affectnet8", "rafdb", "ferplus" }, plan.Datasets!.ToArray());
        CollectionAssert.AreEqual(new[] { "rafdb", "ferplus" }, plan.FineTuneTargets!.ToArray());
        Assert.AreEqual("affectnet8", plan.PretrainDataset);
        CollectionAssert.AreEqual(new[] { 1, 2, 3 }, plan.Seeds!.ToArray());
        Assert.AreEqual("paper", plan.Network);
        Assert.AreEqual(TrainingMode.Qcs, plan.Mode);
        Assert.AreEqual(15, plan.JobCount);
        Assert.AreEqual(0, plan.Validate().Count, string.Join("\n", plan.Validate()));
    }

    [TestMethod]
    public void User_spellings_of_dataset_names_become_canonical()
    {
        var plan = new RunPlan(Datasets: ["RAF-DB", "affectnet_8"], FineTuneTargets: ["FERPlus"], PretrainDataset: "AffectNet-8").WithDefaults();

        CollectionAssert.AreEqual(new[] { "rafdb", "affectnet8" }, plan.Datasets!.ToArray());
        CollectionAssert.AreEqual(new[] { "ferplus" }, plan.FineTuneTargets!.ToArray());
        Assert.AreEqual("affectnet8", plan.PretrainDataset);
    }

    [TestMethod]
    public void Validation_lists_every_problem_naming_the_field_and_value()
    {
        var plan = new RunPlan(RunId: "Bad/Id", Datasets: ["rafdb", "imagenet"], Seeds: [1, 1, -2], Epochs: 0,
            Network: "huge", FineTuneTargets: ["ferplus"], PretrainDataset: "affectnet8", MaxConcurrentJobs: 0, GpuHourBudget: -1, ExplainImages: 33).WithDefaults();

        var problems = plan.Validate();

        string[] expected = ["runId 'Bad/Id'", "datasets[1] 'imagenet'", "seeds lists 1 2 times", "seeds[2] (-2)", "epochs (0)",
            "network 'huge'", "pretrainDataset 'affectnet8' is not in datasets", "maxConcurrentJobs (0)", "gpuHourBudget (-1)", "explainImages (33)"];
        foreach (var fragment in expected)
            Assert.IsTrue(problems.Any(p => p.Contains(fragment)), $"no problem mentions \"{fragment}\" in:\n{string.Join("\n", problems)}");
        Assert.AreEqual(expected.Length, problems.Count, string.Join("\n", problems));
    }

    [TestMethod]
    public void Fine_tuning_the_pretrain_dataset_onto_itself_is_refused()
    {
        var problems = new RunPlan(Datasets: ["affectnet8"], FineTuneTargets: ["affectnet8"]).WithDefaults().Validate();

        Assert.IsTrue(problems.Any(p => p.Contains("fineTuneTargets contains the pretrain dataset 'affectnet8'")), string.Join("\n", problems));
    }

    [TestMethod]
    public void No_targets_means_no_pretrain_dataset_and_a_valid_single_phase_plan()
    {
        var plan = new RunPlan(Datasets: ["rafdb"], FineTuneTargets: []).WithDefaults();

        Assert.IsNull(plan.PretrainDataset);
        Assert.AreEqual(0, plan.Validate().Count, string.Join("\n", plan.Validate()));
        Assert.AreEqual(3, plan.JobCount);
    }
}
