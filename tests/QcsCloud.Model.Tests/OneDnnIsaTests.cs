using System.Runtime.InteropServices;
using QcsCloud.Core;
using static TorchSharp.torch;

namespace QcsCloud.Model.Tests;

/// <summary>oneDNN capped at AVX2 (see <see cref="OneDnnIsa"/>; the assembly setup caps it as qcs does).</summary>
[TestClass]
public sealed class OneDnnIsaTests
{
    [TestMethod]
    public void The_cap_reaches_the_native_environment_that_onednn_reads()
    {
        // Arrange/Act: AssemblySetup called CapAtAvx2 (a no-op when the user set the variable before the run).

        // Assert: the C library sees it; Environment.SetEnvironmentVariable alone changes only .NET's copy on Linux.
        Assert.AreEqual(Environment.GetEnvironmentVariable(OneDnnIsa.Variable), Marshal.PtrToStringUTF8(getenv(OneDnnIsa.Variable)));
        Assert.IsFalse(string.IsNullOrEmpty(OneDnnIsa.Current));
    }

    [TestMethod]
    public void Repeated_backward_passes_of_the_qcs_network_give_the_same_finite_gradients()
    {
        // Arrange: one QCS batch; the gradient of every convolution weight from the first pass as the reference. With
        // oneDNN's AVX-512 kernels on an AMD Zen 5 CPU (ONEDNN_MAX_CPU_ISA=AVX512_CORE set before the run) ConvolutionBackward0
        // returned NaN at random and this failed within the first passes.
        using var scope = NewDisposeScope();
        manual_seed(11);
        var net = TrainingNetworks.Create(TrainingMode.Qcs, NetworkOptions.Tiny(7));
        net.train();
        var images = TestInputs.Images(net.Options, net.BranchCount, 4);
        var labels = TestInputs.Labels(TrainingMode.Qcs, 4);
        var convolutions = net.named_parameters().Where(p => p.parameter.dim() == 4).ToArray();
        Tensor[]? reference = null;

        for (var pass = 0; pass < 12; pass++)
        {
            // Act
            using var step = NewDisposeScope();
            manual_seed(100);                                                         // same dropout every pass
            net.zero_grad();
            QcsLoss.Compute(net.call(images), labels).backward();
            var gradients = convolutions.Select(p => p.parameter.grad!.clone().MoveToOuterDisposeScope()).ToArray();

            // Assert
            for (var i = 0; i < gradients.Length; i++)
                Assert.IsTrue(gradients[i].isfinite().all().item<bool>(), $"pass {pass}: {convolutions[i].name} has a non-finite gradient");
            reference ??= gradients;
            for (var i = 0; i < gradients.Length; i++)
                Assert.IsTrue(gradients[i].allclose(reference[i], rtol: 1e-4, atol: 1e-7), $"pass {pass}: {convolutions[i].name} differs from pass 0");
        }
    }

    [DllImport("libc")]
    private static extern IntPtr getenv(string name);
}
