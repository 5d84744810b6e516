namespace QcsCloud.Workflow.Tests.Support;

/// <summary>One durable host for the whole test assembly (starting one costs ~1-2 s); runs are isolated by run id.</summary>
[TestClass]
public static class AssemblyHost
{
    private static WorkflowHost? host;

    public static WorkflowHost Host => host ?? throw new InvalidOperationException("The assembly host did not start.");

    [AssemblyInitialize]
    public static async Task StartAsync(TestContext _) => host = await WorkflowHost.StartAsync();

    [AssemblyCleanup]
    public static async Task StopAsync()
    {
        if (host is not null) await host.DisposeAsync();
    }
}
