namespace QcsCloud.Workflow.Configuration;

/// <summary>Where jobs run.</summary>
public enum JobLauncherKind
{
    /// <summary><c>qcs</c> as child processes of the host (local mode, tests).</summary>
    LocalProcess,
    /// <summary>Executions of Azure Container Apps Jobs, started through Azure Resource Manager.</summary>
    ContainerApps,
}
