using QcsCloud.Core;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace QcsCloud.Model.Tests;

/// <summary>Files written by PyTorch 1.13 (bench/pytorch/make_fixtures.py) with exactly representable weights.</summary>
[TestClass]
public sealed class WeightImportTests
{
    private static readonly NetworkOptions Tiny = NetworkOptions.Tiny(7);

    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "fixtures", name);

    private static float MaxDiffToFormula(TorchSharp.torch.nn.Module net, Func<string, bool> which)
    {
        var worst = 0f;
        foreach (var (name, t) in net.state_dict().Where(kv => which(kv.Key) && !kv.Key.EndsWith("num_batches_tracked")))
        {
            using var expected = WeightFormula.Exact(name, t.shape);
            worst = Math.Max(worst, (t - expected).abs().max().item<float>());
        }
        return worst;
    }

    [TestMethod]
    public void A_pytorch_state_dict_loads_with_max_abs_diff_0()
    {
        using var scope = NewDisposeScope();
        var net = TrainingNetworks.Create(TrainingMode.Qcs, Tiny);
        var report = WeightImport.Load(net, Fixture("tiny_qcs_state_dict.pth"), Tiny);
        Assert.AreEqual(WeightFileKind.Network, report.Kind);
        Assert.AreEqual(net.state_dict().Count, report.Loaded, report.Summary);
        Assert.IsEmpty(report.Missing);
        Assert.IsEmpty(report.Unused);
        Assert.AreEqual(0f, MaxDiffToFormula(net, _ => true));
    }

    [TestMethod]
    public void PyBridge_load_py_reads_the_same_file_exactly()
    {
        using var scope = NewDisposeScope();
        var net = TrainingNetworks.Create(TrainingMode.Qcs, Tiny);
        net.load_py(Fixture("tiny_qcs_state_dict.pth"), strict: true);
        Assert.AreEqual(0f, MaxDiffToFormula(net, _ => true));
    }

    [TestMethod]
    public void A_reference_checkpoint_loads_through_state_dict_module_prefix_and_embed_aliases()
    {
        using var scope = NewDisposeScope();
        var net = TrainingNetworks.Create(TrainingMode.Qcs, Tiny);
        var report = WeightImport.Load(net, Fixture("tiny_reference_checkpoint.pth"), Tiny);
        Assert.AreEqual(net.state_dict().Count, report.Loaded, report.Summary);
        Assert.IsEmpty(report.Missing);
        Assert.HasCount(2, report.Unused);
        Assert.AreEqual(2, report.KnownUnused, "patch_embed and output_layer are built but never run in the reference");
        Assert.AreEqual(0f, MaxDiffToFormula(net, _ => true));
    }

    [TestMethod]
    public void A_reference_checkpoint_loads_into_the_inference_network_leaving_cross_parts_unused()
    {
        using var scope = NewDisposeScope();
        var net = new InferenceNetwork(Tiny);
        var report = WeightImport.Load(net, Fixture("tiny_reference_checkpoint.pth"), Tiny);
        Assert.AreEqual(net.state_dict().Count, report.Loaded);
        Assert.IsTrue(report.Unused.Any(k => k.StartsWith("cross_attention_1.")));
        Assert.AreEqual(0f, MaxDiffToFormula(net, _ => true));
    }

    [TestMethod]
    public void A_flat_face_evolve_ir50_maps_body_N_onto_the_stages_and_drops_the_rest()
    {
        using var scope = NewDisposeScope();
        var net = TrainingNetworks.Create(TrainingMode.Qcs, Tiny);
        var before = net.state_dict()["VIT_base.head.linear.weight"].clone();
        var report = WeightImport.Load(net, Fixture("tiny_ir50_flat.pth"), Tiny);
        Assert.AreEqual(WeightFileKind.Ir50, report.Kind);
        Assert.AreEqual(report.InScope, report.Loaded, report.Summary);
        Assert.IsEmpty(report.Missing);
        CollectionAssert.AreEquivalent(new[] { "body.3.res_layer.0.weight", "output_layer.1.weight" }, report.Unused.ToArray());
        Assert.AreEqual(0f, MaxDiffToFormula(net, k => k.StartsWith("ir_back.")));
        Assert.IsTrue(before.eq(net.state_dict()["VIT_base.head.linear.weight"]).all().item<bool>(), "only the backbone is touched");
    }

    [TestMethod]
    public void Ir50_with_body1_2_3_names_loads_under_ir_back()
    {
        using var scope = NewDisposeScope();
        var source = TrainingNetworks.Create(TrainingMode.Qcs, Tiny);
        WeightFormula.Fill(source, WeightFormula.Exact);
        var ir50 = source.state_dict().Where(kv => kv.Key.StartsWith("ir_back.")).ToDictionary(kv => kv.Key["ir_back.".Length..], kv => kv.Value);
        var net = new InferenceNetwork(Tiny);
        var report = WeightImport.LoadStateDict(net, ir50, "ir50.pth", Tiny);
        Assert.AreEqual(WeightFileKind.Ir50, report.Kind);
        Assert.AreEqual(ir50.Count, report.Loaded);
        Assert.AreEqual(0f, MaxDiffToFormula(net, k => k.StartsWith("ir_back.")));
    }

    [TestMethod]
    public void A_file_for_another_class_count_is_refused_naming_the_head_and_shapes()
    {
        var net = TrainingNetworks.Create(TrainingMode.Qcs, NetworkOptions.Tiny(8));
        var ex = Assert.ThrowsExactly<WeightImportException>(() => WeightImport.Load(net, Fixture("tiny_qcs_state_dict.pth"), NetworkOptions.Tiny(8)));
        StringAssert.Contains(ex.Message, "tiny_qcs_state_dict.pth");
        StringAssert.Contains(ex.Message, "head.linear");
        StringAssert.Contains(ex.Message, "[7");
        StringAssert.Contains(ex.Message, "[8");
    }

    [TestMethod]
    public void A_file_with_no_matching_key_is_refused()
    {
        using var scope = NewDisposeScope();
        var net = new InferenceNetwork(Tiny);
        var ex = Assert.ThrowsExactly<WeightImportException>(() =>
            WeightImport.LoadStateDict(net, new Dictionary<string, Tensor> { ["encoder.layer.0.weight"] = zeros(3) }, "bert.pth", Tiny));
        StringAssert.Contains(ex.Message, "bert.pth: none of its 1 keys matches");
    }

    [TestMethod]
    public void A_file_matching_too_little_is_refused_and_leaves_the_network_untouched()
    {
        using var scope = NewDisposeScope();
        var net = new InferenceNetwork(Tiny);
        var before = net.state_dict()["conv1.weight"].clone();
        var partial = new Dictionary<string, Tensor> { ["conv1.weight"] = ones(net.state_dict()["conv1.weight"].shape) };
        var ex = Assert.ThrowsExactly<WeightImportException>(() => WeightImport.LoadStateDict(net, partial, "partial.pth", Tiny));
        StringAssert.Contains(ex.Message, "only 1 of the network's");
        Assert.IsTrue(before.eq(net.state_dict()["conv1.weight"]).all().item<bool>());
    }

    [TestMethod]
    public void A_missing_or_non_pytorch_file_gives_a_clear_error()
    {
        var net = new InferenceNetwork(Tiny);
        var ex = Assert.ThrowsExactly<WeightImportException>(() => WeightImport.Load(net, "/nonexistent/ir50.pth", Tiny));
        StringAssert.Contains(ex.Message, "/nonexistent/ir50.pth does not exist");
        var junk = Path.GetTempFileName();
        File.WriteAllText(junk, "not a zip");
        ex = Assert.ThrowsExactly<WeightImportException>(() => WeightImport.Load(net, junk, Tiny));
        StringAssert.Contains(ex.Message, "is not a PyTorch state dict");
        File.Delete(junk);
    }

    [TestMethod]
    public void Saved_with_save_py_and_read_back_gives_the_same_tensors()
    {
        using var scope = NewDisposeScope();
        var net = TrainingNetworks.Create(TrainingMode.Dcs, Tiny);
        WeightFormula.Fill(net, WeightFormula.Exact);
        var path = Path.Combine(Path.GetTempPath(), $"qcs-{Guid.NewGuid():N}.pth");
        net.save_py(path);
        var other = TrainingNetworks.Create(TrainingMode.Dcs, Tiny);
        var report = WeightImport.Load(other, path, Tiny);
        File.Delete(path);
        Assert.AreEqual(other.state_dict().Count, report.Loaded);
        Assert.AreEqual(0f, MaxDiffToFormula(other, _ => true));
    }
}
