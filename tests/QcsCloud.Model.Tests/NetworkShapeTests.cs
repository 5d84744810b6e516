using QcsCloud.Core;
using static TorchSharp.torch;

namespace QcsCloud.Model.Tests;

[TestClass]
public sealed class NetworkShapeTests
{
    private static readonly NetworkOptions Tiny = NetworkOptions.Tiny(7);

    [TestMethod]
    public void Ir50_stages_halve_the_backbone_input_three_times()
    {
        using var scope = NewDisposeScope();
        var ir = new Ir50(Tiny);
        var (x1, x2, x3) = ir.call(randn(2, 3, 48, 48));
        CollectionAssert.AreEqual(new long[] { 2, 8, 24, 24 }, x1.shape);
        CollectionAssert.AreEqual(new long[] { 2, 16, 12, 12 }, x2.shape);
        CollectionAssert.AreEqual(new long[] { 2, 32, 6, 6 }, x3.shape);
    }

    [TestMethod]
    public void Paper_ir50_resizes_224_to_112_and_gives_56_28_14_maps()
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var ir = new Ir50(NetworkOptions.Paper(7) with { StageDepths = [1, 1, 1] });
        ir.eval();
        var (x1, x2, x3) = ir.call(randn(1, 3, 224, 224));
        CollectionAssert.AreEqual(new long[] { 1, 64, 56, 56 }, x1.shape);
        CollectionAssert.AreEqual(new long[] { 1, 128, 28, 28 }, x2.shape);
        CollectionAssert.AreEqual(new long[] { 1, 256, 14, 14 }, x3.shape);
    }

    [TestMethod]
    public void Level_tokens_and_vit_base_give_3N_tokens_and_class_logits()
    {
        using var scope = NewDisposeScope();
        var net = new InferenceNetwork(Tiny);
        var images = randn(2, 3, 48, 48);
        var tokens = net.LevelTokens(images);
        CollectionAssert.AreEqual(new long[] { 2, 27, 32 }, tokens.shape);
        var (logits, outTokens) = net.Branch(images);
        CollectionAssert.AreEqual(new long[] { 2, 7 }, logits.shape);
        CollectionAssert.AreEqual(new long[] { 2, 27, 32 }, outTokens.shape);
        CollectionAssert.AreEqual(new long[] { 2, 7 }, net.call(images).shape);
    }

    [TestMethod]
    [DataRow(TrainingMode.Baseline, 1, 0)]
    [DataRow(TrainingMode.Dcs, 2, 2)]
    [DataRow(TrainingMode.Qcs, 4, 4)]
    public void Training_networks_give_one_base_and_one_cross_head_per_branch(TrainingMode mode, int branches, int crossHeads)
    {
        using var scope = NewDisposeScope();
        var net = TrainingNetworks.Create(mode, NetworkOptions.Tiny(8));
        var output = net.call(TestInputs.Images(net.Options, branches, 3));
        Assert.AreEqual(branches, output.BaseLogits.Length);
        Assert.AreEqual(crossHeads, output.CrossLogits.Length);
        foreach (var logits in output.AllHeads)
        {
            CollectionAssert.AreEqual(new long[] { 3, 8 }, logits.shape);
            Assert.IsFalse(logits.isnan().any().item<bool>(), "NaN in logits");
        }
    }

    [TestMethod]
    public void Qcs_records_one_attention_map_per_level_and_branch_summing_to_one()
    {
        using var scope = NewDisposeScope();
        var net = TrainingNetworks.Create(TrainingMode.Qcs, Tiny);
        net.RecordAttentionMaps = true;
        net.call(TestInputs.Images(Tiny, 4, 2));
        var maps = net.LastAttentionMaps;
        Assert.IsNotNull(maps);
        Assert.AreEqual(3, maps.Length);
        foreach (var level in maps)
        {
            Assert.AreEqual(4, level.Length);
            foreach (var m in level)
            {
                CollectionAssert.AreEqual(new long[] { 2, Tiny.TokensPerLevel }, m.shape);
                Assert.IsTrue(m.sum(1).allclose(ones(2), 1e-5, 1e-6));
            }
        }
    }

    [TestMethod]
    public void A_wrong_branch_count_is_refused_with_the_counts()
    {
        var net = TrainingNetworks.Create(TrainingMode.Qcs, Tiny);
        var ex = Assert.ThrowsExactly<ArgumentException>(() => net.call(TestInputs.Images(Tiny, 2, 1)));
        StringAssert.Contains(ex.Message, "takes 4 image batches");
        StringAssert.Contains(ex.Message, "got 2");
    }

    [TestMethod]
    public void Options_validation_names_the_bad_value()
    {
        var ex = Assert.ThrowsExactly<ArgumentException>(() => (NetworkOptions.Tiny(7) with { EmbedDim = 30, NumHeads = 4 }).Validate());
        Assert.AreEqual("EmbedDim (30) must be divisible by NumHeads (4)", ex.Message);
        ex = Assert.ThrowsExactly<ArgumentException>(() => (NetworkOptions.Paper(7) with { BackboneInputSize = 100 }).Validate());
        StringAssert.StartsWith(ex.Message, "BackboneInputSize (100)");
        ex = Assert.ThrowsExactly<ArgumentException>(() => (NetworkOptions.Paper(7) with { CrossDropout = 1.5 }).Validate());
        StringAssert.StartsWith(ex.Message, "CrossDropout (1.5)");
    }
}
