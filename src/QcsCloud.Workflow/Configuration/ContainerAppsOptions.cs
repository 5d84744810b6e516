namespace QcsCloud.Workflow.Configuration;

/// <summary><see cref="Launchers.ContainerAppsJobLauncher"/>: the two Container Apps Jobs (GPU training, CPU staging).</summary>
public sealed class ContainerAppsOptions
{
    /// <summary>ARM id of the GPU training job: <c>/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.App/jobs/{name}</c>.</summary>
    public string? TrainJobResourceId { get; set; }

    /// <summary>ARM id of the CPU staging job (<c>qcs pack</c>); default: <see cref="TrainJobResourceId"/>.</summary>
    public string? StageJobResourceId { get; set; }

    /// <summary>Name of the container in the job template whose args/env are overridden.</summary>
    public string ContainerName { get; set; } = "qcs";

    /// <summary>Image of that container (an override replaces the whole container, so the image must be given).</summary>
    public string? Image { get; set; }

    /// <summary>
    /// The identity the host calls Azure Resource Manager with (start, read, stop executions): the client id of a
    /// user-assigned identity attached to the Function App, or empty for the app's system-assigned identity.
    /// Never the jobs' identity: the app does not have it, so its token requests would fail.
    /// </summary>
    public string? ArmManagedIdentityClientId { get; set; }

    /// <summary>
    /// Client id of the jobs' user-assigned identity. The host never signs in with it: it only passes it on as the
    /// executions' <c>AZURE_CLIENT_ID</c> (an override replaces the container's env), so the trainer's
    /// DefaultAzureCredential picks that identity.
    /// </summary>
    public string? JobsManagedIdentityClientId { get; set; }

    /// <summary>Set: ARM calls go to the Container Apps jobs emulator instead of Azure (tests, local mode).</summary>
    public ArmEmulatorOptions? Emulator { get; set; }
}
