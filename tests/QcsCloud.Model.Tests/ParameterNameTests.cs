using QcsCloud.Core;

namespace QcsCloud.Model.Tests;

[TestClass]
public sealed class ParameterNameTests
{
    [TestMethod]
    public void Qcs_state_dict_uses_the_reference_names()
    {
        var keys = TrainingNetworks.Create(TrainingMode.Qcs, NetworkOptions.Tiny(7)).state_dict().Keys.ToHashSet();
        string[] expected =
        [
            "ir_back.input_layer.0.weight", "ir_back.input_layer.1.running_var", "ir_back.input_layer.2.weight",
            "ir_back.body1.0.res_layer.0.weight", "ir_back.body1.0.res_layer.2.weight", "ir_back.body1.0.res_layer.4.num_batches_tracked",
            "ir_back.body2.0.shortcut_layer.0.weight", "ir_back.body2.0.shortcut_layer.1.running_mean",
            "conv1.weight", "conv3.bias", "embed_q.0.weight", "embed_q.1.bias", "embed_k.0.weight", "embed_v.proj.weight",
            "VIT_base.cls_token", "VIT_base.pos_embed", "VIT_base.blocks.1.norm1.weight", "VIT_base.blocks.0.attn.qkv.weight",
            "VIT_base.blocks.0.attn.qkv.bias", "VIT_base.blocks.0.attn.proj.weight", "VIT_base.blocks.0.mlp.fc2.bias",
            "VIT_base.norm.weight", "VIT_base.se_block.linear1.weight", "VIT_base.se_block.linear2.bias", "VIT_base.head.linear.weight",
            "VIT_cross.blocks.0.norm2.bias", "VIT_cross.head.linear.bias",
            "cross_attention_1.norm1.weight", "cross_attention_2.norm2.bias", "cross_attention_3.proj.weight",
            "cross_attention_1.mlp.fc1.weight", "cross_attention_3.theta",
        ];
        foreach (var key in expected) Assert.Contains(key, keys, $"missing {key}");
        Assert.IsFalse(keys.Any(k => k.Contains("body1.0.shortcut_layer")), "an identity-width unit has a parameterless MaxPool shortcut");
        Assert.IsFalse(keys.Any(k => k.Contains("VIT_cross.blocks.1")), "VIT_cross has depth 1");
    }

    [TestMethod]
    public void Dcs_cross_modules_have_no_theta_and_inference_has_no_cross_parts()
    {
        var dcs = TrainingNetworks.Create(TrainingMode.Dcs, NetworkOptions.Tiny(7)).state_dict().Keys;
        Assert.IsFalse(dcs.Any(k => k.EndsWith("theta")));
        Assert.IsTrue(dcs.Any(k => k.StartsWith("cross_attention_2.")));
        var inference = new InferenceNetwork(NetworkOptions.Tiny(7)).state_dict().Keys;
        Assert.IsFalse(inference.Any(k => k.StartsWith("cross_attention") || k.StartsWith("VIT_cross")));
    }

    [TestMethod]
    public void Paper_inference_network_has_40_700_039_parameters_for_7_classes()
    {
        using var net = new InferenceNetwork(NetworkOptions.Paper(7));
        var count = net.parameters().Sum(p => p.numel());
        Assert.AreEqual(40_700_039L, count);
    }
}
