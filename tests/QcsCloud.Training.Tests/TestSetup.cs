using TorchSharp;

[assembly: DoNotParallelize]

namespace QcsCloud.Training.Tests;

[TestClass]
public static class TestSetup
{
    /// <summary>Results are bitwise reproducible only for one thread count: pin it once for the whole assembly.</summary>
    public const int Threads = 1; // 2 OpenMP threads spin badly on a busy 2-core CI machine

    [AssemblyInitialize]
    public static void PinThreads(TestContext _)
    {
        QcsCloud.Model.OneDnnIsa.CapAtAvx2();
        torch.set_num_threads(Threads);
        torch.set_num_interop_threads(1);
    }

    [AssemblyCleanup]
    public static void DeleteData() => SyntheticData.DeleteAll();
}
