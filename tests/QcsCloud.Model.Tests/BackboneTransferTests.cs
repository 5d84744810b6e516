using QcsCloud.Core;
using static TorchSharp.torch;

namespace QcsCloud.Model.Tests;

[TestClass]
public sealed class BackboneTransferTests
{
    [TestMethod]
    public void Fine_tuning_from_8_to_7_classes_copies_everything_but_the_heads()
    {
        using var scope = NewDisposeScope();
        var source = TrainingNetworks.Create(TrainingMode.Qcs, NetworkOptions.Tiny(8));
        WeightFormula.Fill(source, WeightFormula.Exact);
        var target = TrainingNetworks.Create(TrainingMode.Qcs, NetworkOptions.Tiny(7));
        var headBefore = target.state_dict()["VIT_base.head.linear.weight"].clone();

        var result = BackboneTransfer.CopyBackbone(source, target);

        Assert.AreEqual(4, result.HeadsSkipped, "weight and bias of two heads");
        Assert.AreEqual(target.state_dict().Count - 4, result.Copied);
        Assert.IsEmpty(result.NotInSource);
        var s = source.state_dict();
        foreach (var (name, t) in target.state_dict().Where(kv => !BackboneTransfer.IsHead(kv.Key)))
            Assert.IsTrue(t.eq(s[name]).all().item<bool>(), name);
        Assert.IsTrue(headBefore.eq(target.state_dict()["VIT_base.head.linear.weight"]).all().item<bool>());
    }

    [TestMethod]
    public void A_dcs_source_leaves_the_qcs_thetas_fresh_and_says_so()
    {
        using var scope = NewDisposeScope();
        var result = BackboneTransfer.CopyBackbone(
            TrainingNetworks.Create(TrainingMode.Dcs, NetworkOptions.Tiny(8)), TrainingNetworks.Create(TrainingMode.Qcs, NetworkOptions.Tiny(7)));
        CollectionAssert.AreEquivalent(new[] { "cross_attention_1.theta", "cross_attention_2.theta", "cross_attention_3.theta" }, result.NotInSource.ToArray());
    }

    [TestMethod]
    public void Different_architectures_are_refused_naming_the_key()
    {
        var ex = Assert.ThrowsExactly<WeightImportException>(() => BackboneTransfer.CopyBackbone(
            new InferenceNetwork(NetworkOptions.Tiny(8)), new InferenceNetwork(NetworkOptions.Tiny(7) with { EmbedDim = 64 })));
        StringAssert.Contains(ex.Message, "the architectures differ");
    }
}
