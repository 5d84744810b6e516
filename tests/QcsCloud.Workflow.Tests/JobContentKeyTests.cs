using QcsCloud.Core;
using QcsCloud.Workflow.Reuse;

namespace QcsCloud.Workflow.Tests;

/// <summary>The content key of a training job: what it hashes and what it leaves out (pure, no storage).</summary>
[TestClass]
public sealed class JobContentKeyTests
{
    private static JobSpec Train(string run, params string[] extra) => new($"{run}-rafdb-pretrain-s1", JobKind.Train,
        ["train", "--dataset", "rafdb", "--data", $"http://acct/staging/rafdb/abc/", "--output", $"http://acct/checkpoints/{run}/rafdb/pretrain/seed-1/",
         "--mode", "qcs", "--seed", "1", "--network", "tiny", .. extra], $"http://acct/checkpoints/{run}/rafdb/pretrain/seed-1/");

    private static string Key(JobSpec spec, string trainer = "t1", string data = "pack:d1", string? weights = null, string? variant = null) =>
        JobContentKey.For(spec, trainer, data, weights, variant).Key;

    [TestMethod]
    public void Two_runs_of_the_same_work_have_the_same_key_whatever_their_run_ids_paths_and_option_order()
    {
        var a = Train("run-a", "--lr", "0.0001", "--epochs", "3");
        var b = Train("run-b", "--epochs", "3", "--lr", "0.0001") with { Name = "run-b-rafdb-pretrain-s1" };

        Assert.AreEqual(Key(a), Key(b));
        Assert.AreEqual(64, Key(a).Length);
        Assert.IsFalse(JobContentKey.For(a, "t1", "pack:d1", null, null).Configuration.Any(o => o.Contains("run-a")), "no run-specific path in the configuration");
    }

    [TestMethod]
    public void Every_input_that_changes_the_model_changes_the_key()
    {
        var spec = Train("run-a", "--lr", "0.0001");
        var keys = new[]
        {
            Key(spec),
            Key(Train("run-a", "--lr", "0.0002")),
            Key(Train("run-a", "--lr", "0.0001", "--batch-size", "8")),
            Key(spec with { Arguments = spec.Arguments.Select(a => a == "qcs" ? "dcs" : a).ToList() }),
            Key(spec with { Arguments = spec.Arguments.Select((a, i) => i > 0 && spec.Arguments[i - 1] == "--seed" ? "2" : a).ToList() }),
            Key(spec, trainer: "t2"),
            Key(spec, data: "pack:d2"),
            Key(spec, weights: "md5:00"),
            Key(spec, variant: "lr-low"),
        };

        Assert.AreEqual(keys.Length, keys.Distinct().Count(), string.Join("\n", keys));
    }

    [TestMethod]
    public void A_staging_job_has_no_key_here()
    {
        var stage = new JobSpec("r-stage-rafdb", JobKind.Stage, ["pack", "--dataset", "rafdb"], "http://acct/staging/rafdb/abc/");

        Assert.ThrowsExactly<ArgumentException>(() => JobContentKey.For(stage, "t1", "pack:d1", null, null));
    }
}
