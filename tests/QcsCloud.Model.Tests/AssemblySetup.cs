using TorchSharp;

// TorchSharp results depend on the thread count and tests share native state: run serially.
[assembly: DoNotParallelize]

namespace QcsCloud.Model.Tests;

[TestClass]
public static class AssemblySetup
{
    /// <summary>Threads every test runs with: results (and the determinism test) depend on it.</summary>
    public const int Threads = 2;

    [AssemblyInitialize]
    public static void PinThreads(TestContext _)
    {
        OneDnnIsa.CapAtAvx2();
        torch.set_num_threads(Threads);
        torch.set_num_interop_threads(1);
    }
}
