using TorchSharp;

[assembly: DoNotParallelize]

namespace QcsCloud.Trainer.Tests;

[TestClass]
public static class TestSetup
{
    /// <summary>One torch thread everywhere (results depend on the count; 2 threads spin badly on a busy 2-core machine).</summary>
    public const int Threads = 1;

    [AssemblyInitialize]
    public static void PinThreads(TestContext _)
    {
        QcsCloud.Model.OneDnnIsa.CapAtAvx2();
        torch.set_num_threads(Threads);
        torch.set_num_interop_threads(1);
    }

    [AssemblyCleanup]
    public static void DeleteFolders()
    {
        if (Directory.Exists(SyntheticFolders.Root)) Directory.Delete(SyntheticFolders.Root, recursive: true);
    }

    /// <summary>Azurite's connection string: env QCS_TEST_STORAGE (infra/scripts/test.sh sets it).</summary>
    public static string Storage => Environment.GetEnvironmentVariable("QCS_TEST_STORAGE") is { Length: > 0 } s ? s : "UseDevelopmentStorage=true";
}
