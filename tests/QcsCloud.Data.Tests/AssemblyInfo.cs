// Loader tests time worker threads against each other; run test classes one at a time on the 2-core CI machine.
[assembly: DoNotParallelize]

namespace QcsCloud.Data.Tests
{
    [TestClass]
    public sealed class AssemblyHooks
    {
        [AssemblyCleanup]
        public static void Cleanup() => SyntheticData.Cleanup();
    }
}
