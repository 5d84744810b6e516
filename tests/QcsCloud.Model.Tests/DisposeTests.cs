using QcsCloud.Core;
using static TorchSharp.torch;

namespace QcsCloud.Model.Tests;

/// <summary>
/// A disposed network must give its native memory back at once (the GC does not see it). TorchSharp 0.107's
/// <c>Module.Dispose</c> already frees registered parameters, buffers and children, so the networks need no override of
/// their own (checked: these tests pass with and without one); they fail if a module keeps its tensors alive.
/// </summary>
[TestClass]
public sealed class DisposeTests
{
    [TestMethod]
    [DataRow(TrainingMode.Baseline)]
    [DataRow(TrainingMode.Dcs)]
    [DataRow(TrainingMode.Qcs)]
    public void Disposing_a_training_network_frees_every_parameter_and_buffer(TrainingMode mode)
    {
        var net = TrainingNetworks.Create(mode, NetworkOptions.Tiny(7));
        var tensors = net.parameters().Cast<Tensor>().Concat(net.buffers()).ToList();
        Assert.IsTrue(tensors.Count > 100, $"expected the whole network's tensors, got {tensors.Count}");
        Assert.IsTrue(tensors.All(t => !t.IsInvalid), "every tensor holds native memory before the dispose");

        net.Dispose();

        var alive = tensors.Count(t => !t.IsInvalid);
        Assert.AreEqual(0, alive, $"{alive} of {tensors.Count} parameters and buffers still hold native memory");
    }

    [TestMethod]
    public void Disposing_an_inference_network_frees_every_parameter_and_buffer()
    {
        var net = new InferenceNetwork(NetworkOptions.Tiny(7));
        var tensors = net.parameters().Cast<Tensor>().Concat(net.buffers()).ToList();

        net.Dispose();

        Assert.AreEqual(0, tensors.Count(t => !t.IsInvalid));
    }
}
