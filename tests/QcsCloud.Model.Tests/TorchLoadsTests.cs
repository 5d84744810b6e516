using TorchSharp;

namespace QcsCloud.Model.Tests;

[TestClass]
public sealed class TorchLoadsTests
{
    [TestMethod]
    public void Libtorch_loads_from_the_patched_build_output()
    {
        StringAssert.StartsWith(torch.__version__, "2.10.0");
        using var x = torch.ones(2, 3);
        Assert.AreEqual(6.0, x.sum().item<float>(), 0.0);
    }
}
