using System.Text.Json;
using QcsCloud.Core;
using static TorchSharp.torch;

namespace QcsCloud.Model.Tests;

/// <summary>
/// Our networks against our own PyTorch 1.13 implementation of the method (bench/pytorch/qcs_torch.py), paper
/// configuration, identical formula weights and inputs; fixtures from bench/pytorch/make_fixtures.py.
/// </summary>
[TestClass]
public sealed class PyTorchParityTests
{
    private const double Tolerance = 1e-4;
    private static JsonElement fixture;
    private static TrainingNetwork qcs = null!;

    // The paper network is built and filled once (70 M formula values): the slow part of these tests.
    [ClassInitialize]
    public static void BuildNetwork(TestContext _)
    {
        fixture = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "fixtures", "qcs_paper_parity.json"))).RootElement;
        qcs = TrainingNetworks.Create(TrainingMode.Qcs, NetworkOptions.Paper(7));
        WeightFormula.Fill(qcs, WeightFormula.Parity);
    }

    [ClassCleanup]
    public static void DisposeNetwork() => qcs.Dispose();

    private static float[] Flat(JsonElement e) =>
        e.ValueKind == JsonValueKind.Array ? e.EnumerateArray().SelectMany(Flat).ToArray() : [e.GetSingle()];

    /// <summary>Max absolute difference relative to the largest expected magnitude.</summary>
    private static void AssertClose(JsonElement expected, Tensor actual, string what)
    {
        var want = Flat(expected);
        var got = actual.detach().cpu().data<float>().ToArray();
        Assert.AreEqual(want.Length, got.Length, what);
        var scale = want.Max(Math.Abs);
        var worst = want.Zip(got, (w, g) => Math.Abs(w - g)).Max() / scale;
        Console.WriteLine($"{what}: relative error {worst:E2}");
        Assert.IsLessThanOrEqualTo(Tolerance, worst, $"{what}: relative error {worst:E2}");
    }

    [TestMethod]
    public void Paper_inference_logits_match_pytorch_to_1e_4()
    {
        using var scope = NewDisposeScope();
        using var net = InferenceNetwork.FromTraining(qcs);
        net.train(false);
        using var _ = no_grad();
        AssertClose(fixture.GetProperty("inference_logits_eval"), net.call(WeightFormula.Images(224, 0, 2)), "inference logits");
    }

    [TestMethod]
    public void Paper_qcs_training_logits_and_loss_match_pytorch_to_1e_4()
    {
        using var scope = NewDisposeScope();
        var net = qcs;
        net.train(true);
        var images = Enumerable.Range(0, 4).Select(b => WeightFormula.Images(224, b, 2)).ToArray();
        var labels = fixture.GetProperty("labels").EnumerateArray()
            .Select(l => tensor(l.EnumerateArray().Select(x => (long)x.GetInt32()).ToArray())).ToArray();
        using var _ = no_grad();
        var output = net.call(images);
        for (var b = 0; b < 4; b++)
        {
            AssertClose(fixture.GetProperty("train_base_logits")[b], output.BaseLogits[b], $"base logits {b}");
            AssertClose(fixture.GetProperty("train_cross_logits")[b], output.CrossLogits[b], $"cross logits {b}");
        }
        var loss = QcsLoss.Compute(output, labels).item<float>();
        var expected = fixture.GetProperty("train_loss").GetDouble();
        Assert.AreEqual(expected, loss, Tolerance * Math.Abs(expected), "loss");
    }
}
