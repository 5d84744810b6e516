namespace QcsCloud.Data.Tests;

[TestClass]
public sealed class AssemblyHooks
{
    [AssemblyCleanup]
    public static void Cleanup() => SyntheticData.Cleanup();
}
