using TorchSharp;

[assembly: DoNotParallelize]

namespace QcsCloud.Training.Tests;

[TestClass]
public static class TestSetup
{
    /// <summary>Results are bitwise reproducible only for one thread count: pin it once for the whole assembly.</summary>
    public const int Threads = 2;

    [AssemblyInitialize]
    public static void PinThreads(TestContext _) => torch.set_num_threads(Threads);
}
