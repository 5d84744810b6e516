using QcsCloud.Core;
using static TorchSharp.torch;

namespace QcsCloud.Model.Tests;

[TestClass]
public sealed class TrainingBehaviourTests
{
    [TestMethod]
    [DataRow(TrainingMode.Baseline)]
    [DataRow(TrainingMode.Dcs)]
    [DataRow(TrainingMode.Qcs)]
    public void Backward_reaches_every_trainable_parameter(TrainingMode mode)
    {
        using var scope = NewDisposeScope();
        manual_seed(3);
        var net = TrainingNetworks.Create(mode, NetworkOptions.Tiny(7));
        var output = net.call(TestInputs.Images(net.Options, net.BranchCount, 3));
        QcsLoss.Compute(output, TestInputs.Labels(mode, 3)).backward();
        foreach (var (name, p) in net.named_parameters())
        {
            Assert.IsNotNull(p.grad, $"{name} got no gradient");
            Assert.IsTrue(p.grad.abs().sum().item<float>() > 0, $"{name} got an all-zero gradient");
        }
        if (mode == TrainingMode.Qcs)
            Assert.IsTrue(net.named_parameters().Count(p => p.name.EndsWith("theta")) == 3, "one theta per level");
    }

    [TestMethod]
    public void Vit_weights_start_as_small_random_normals_like_the_reference()
    {
        using var scope = NewDisposeScope();
        manual_seed(1);
        var net = new InferenceNetwork(NetworkOptions.Tiny(7));
        var state = net.state_dict();
        var qkv = state["VIT_base.blocks.0.attn.qkv.weight"];
        Assert.AreEqual(0.01, qkv.std().item<float>(), 0.001, "Linear std 0.01");
        Assert.AreEqual(0.02, state["VIT_base.pos_embed"].std().item<float>(), 0.003, "pos_embed std 0.02");
        Assert.AreEqual(0f, state["VIT_base.head.linear.bias"].abs().sum().item<float>());
    }

    [TestMethod]
    public void A_network_built_inside_a_dispose_scope_keeps_its_parameters_after_the_scope()
    {
        TrainingNetwork net;
        using (NewDisposeScope()) net = TrainingNetworks.Create(TrainingMode.Qcs, NetworkOptions.Tiny(7));
        using var scope = NewDisposeScope();
        var output = net.call(TestInputs.Images(net.Options, 4, 2));
        Assert.HasCount(4, output.CrossLogits);
        foreach (var (name, p) in net.named_parameters()) Assert.IsFalse(p.IsInvalid, name);
    }

    [TestMethod]
    public void Inference_logits_equal_the_base_branch_logits_of_the_training_network()
    {
        using var scope = NewDisposeScope();
        manual_seed(5);
        var training = TrainingNetworks.Create(TrainingMode.Qcs, NetworkOptions.Tiny(7));
        // Run a train-mode forward so the BN running statistics are not the initial ones.
        training.call(TestInputs.Images(training.Options, 4, 4, seed: 9));
        training.train(false);
        var inference = InferenceNetwork.FromTraining(training);
        inference.train(false);
        var images = TestInputs.Images(training.Options, 4, 2, seed: 11);
        using var _ = no_grad();
        var output = training.call(images);
        for (var b = 0; b < 4; b++)
            Assert.IsTrue(inference.call(images[b]).eq(output.BaseLogits[b]).all().item<bool>(), $"branch {b}");
    }

    [TestMethod]
    public void Loss_is_the_mean_cross_entropy_over_the_eight_heads()
    {
        // Worked by hand, one image per branch, two classes. Cross entropy of logits [z0, z1] for label y is
        // -ln(e^zy / (e^z0 + e^z1)). With z in {0, ln 3}:
        //   [0, 0]    -> ln 2 for either label
        //   [ln 3, 0] -> label 0: -ln(3/4) = ln(4/3); label 1: -ln(1/4) = ln 4   (and mirrored for [0, ln 3])
        // Labels a = 0, p = 0, n = 1, n2 = 1 (n and n2 carry the negative class); each head uses its branch's labels.
        //   base  a [0,0]:ln2      p [ln3,0]:ln(4/3)   n [ln3,0]:ln4      n2 [0,0]:ln2
        //   cross a [ln3,0]:ln(4/3) p [0,ln3]:ln4      n [0,ln3]:ln(4/3)  n2 [ln3,0]:ln4
        // Sum = 2 ln2 + 3 ln(4/3) + 3 ln4 = 2 ln2 + (6 ln2 - 3 ln3) + 6 ln2 = 14 ln2 - 3 ln3
        //     = 9.7040605 - 3.2958369 = 6.4082237; mean over 8 heads = 0.80102796.
        using var scope = NewDisposeScope();
        var l3 = (float)Math.Log(3);
        Tensor Logits(float z0, float z1) => tensor(new[] { z0, z1 }).reshape(1, 2);
        var output = new NetworkOutput(
            [Logits(0, 0), Logits(l3, 0), Logits(l3, 0), Logits(0, 0)],
            [Logits(l3, 0), Logits(0, l3), Logits(0, l3), Logits(l3, 0)]);
        var labels = new[] { tensor(new long[] { 0 }), tensor(new long[] { 0 }), tensor(new long[] { 1 }), tensor(new long[] { 1 }) };

        var loss = QcsLoss.Compute(output, labels).item<float>();

        Assert.AreEqual(0.80102796, loss, 1e-6);
    }

    [TestMethod]
    public void Same_seed_and_data_give_bitwise_identical_losses_over_steps()
    {
        float[] Run()
        {
            using var scope = NewDisposeScope();
            manual_seed(42);
            var net = TrainingNetworks.Create(TrainingMode.Qcs, NetworkOptions.Tiny(7) with { CrossDropout = 0.2 });
            var optimizer = optim.Adam(net.parameters(), 1e-3);
            var losses = new float[3];
            for (var step = 0; step < 3; step++)
            {
                using var stepScope = NewDisposeScope();
                optimizer.zero_grad();
                var loss = QcsLoss.Compute(net.call(TestInputs.Images(net.Options, 4, 2, seed: step)), TestInputs.Labels(TrainingMode.Qcs, 2));
                loss.backward();
                optimizer.step();
                losses[step] = loss.item<float>();
            }
            return losses;
        }
        var first = Run();
        var second = Run();
        CollectionAssert.AreEqual(first, second);
        Assert.AreNotEqual(first[0], first[2], "the steps must change the loss, else the test proves nothing");
    }
}
