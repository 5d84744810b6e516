using Azure.Core;
using Azure.Identity;
using Azure.ResourceManager;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using QcsCloud.Workflow.Api;
using QcsCloud.Workflow.Configuration;
using QcsCloud.Workflow.Launchers;
using QcsCloud.Workflow.Storage;

namespace QcsCloud.Workflow;

/// <summary>Everything the workflow needs, for both hosts: <c>builder.Services.AddQcsWorkflow(builder.Configuration)</c>.</summary>
public static class QcsWorkflowServiceCollectionExtensions
{
    /// <summary>
    /// Binds and validates at start-up <c>Qcs:Storage</c> (<see cref="StorageOptions"/>), <c>Qcs:Workflow</c>
    /// (<see cref="WorkflowOptions"/>), <c>Qcs:Jobs</c> (<see cref="JobLauncherOptions"/>) and <c>Qcs:Limits</c> (<see cref="LimitsOptions"/>); registers the blob access,
    /// the chosen <see cref="IJobLauncher"/>, <see cref="RunsApi"/> and <see cref="RunsRoutes"/>. A launcher registered before this call wins (tests).
    /// </summary>
    public static IServiceCollection AddQcsWorkflow(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<StorageOptions>().Bind(configuration.GetSection(StorageOptions.Section))
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<WorkflowOptions>().Bind(configuration.GetSection(WorkflowOptions.Section))
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<JobLauncherOptions>().Bind(configuration.GetSection(JobLauncherOptions.Section))
            .ValidateDataAnnotations().ValidateOnStart();

        services.TryAddSingleton(sp => CreateBlobServiceClient(sp.GetRequiredService<IOptions<StorageOptions>>().Value));
        services.TryAddSingleton(sp => new QcsStorage(
            sp.GetRequiredService<BlobServiceClient>(), sp.GetRequiredService<IOptions<StorageOptions>>().Value.ContainerPrefix ?? ""));
        services.TryAddSingleton<IJobLauncher>(sp => sp.GetRequiredService<IOptions<JobLauncherOptions>>().Value.Kind switch
        {
            JobLauncherKind.ContainerApps => ActivatorUtilities.CreateInstance<ContainerAppsJobLauncher>(sp),
            _ => ActivatorUtilities.CreateInstance<LocalProcessJobLauncher>(sp),
        });
        services.TryAddSingleton(sp =>
        {
            var apps = sp.GetRequiredService<IOptions<JobLauncherOptions>>().Value.ContainerApps;
            if (apps.Emulator is { Endpoint: not null } emulator) return ArmClientFactory.ForEmulator(emulator);
            return new ArmClient(CreateArmCredential(apps));
        });
        services.AddOptions<LimitsOptions>().Bind(configuration.GetSection(LimitsOptions.Section))
            .ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<RunPlanAdmission>();
        services.TryAddSingleton<Reuse.JobReuseStore>();
        services.TryAddSingleton<RunsApi>();
        services.TryAddSingleton<RunsRoutes>();
        return services;
    }

    /// <summary>
    /// The host's own identity for ARM: the user-assigned identity named by
    /// <see cref="ContainerAppsOptions.ArmManagedIdentityClientId"/>, else the system-assigned one. The jobs' identity
    /// (<see cref="ContainerAppsOptions.JobsManagedIdentityClientId"/>) is never used here.
    /// </summary>
    public static TokenCredential CreateArmCredential(ContainerAppsOptions options) =>
        new DefaultAzureCredential(new DefaultAzureCredentialOptions
        {
            ManagedIdentityClientId = string.IsNullOrWhiteSpace(options.ArmManagedIdentityClientId) ? null : options.ArmManagedIdentityClientId.Trim(),
        });

    /// <summary>Connection string when set (Azurite: <c>UseDevelopmentStorage=true</c>), else the account with DefaultAzureCredential.</summary>
    public static BlobServiceClient CreateBlobServiceClient(StorageOptions options)
    {
        if (!string.IsNullOrWhiteSpace(options.ConnectionString)) return new BlobServiceClient(options.ConnectionString);
        var uri = options.BlobServiceUri ?? new Uri($"https://{options.AccountName}.blob.core.windows.net");
        return new BlobServiceClient(uri, new DefaultAzureCredential());
    }
}
