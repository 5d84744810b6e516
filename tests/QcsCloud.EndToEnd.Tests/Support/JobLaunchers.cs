using QcsCloud.ContainerAppsEmulator;
using QcsCloud.LocalHost.Tests.Support;

namespace QcsCloud.EndToEnd.Tests.Support;

/// <summary>
/// Where a test's jobs run: <c>local</c> (the host's child processes, LocalProcessJobLauncher) or <c>emulator</c>
/// (the host's ContainerAppsJobLauncher over ARM to the Container Apps jobs emulator, running in this test process,
/// whose executions run the same trainer command). The host settings differ only by configuration.
/// </summary>
public sealed class JobLaunchers : IAsyncDisposable
{
    public const string Local = "local";
    public const string Emulator = "emulator";

    private JobLaunchers(Dictionary<string, string> hostSettings, ContainerAppsJobsEmulator? emulator)
    {
        HostSettings = hostSettings;
        ContainerApps = emulator;
    }

    /// <summary>Environment of the local host process for this launcher.</summary>
    public Dictionary<string, string> HostSettings { get; }

    /// <summary>The emulator when <see cref="Emulator"/> was asked for (its executions can be counted).</summary>
    public ContainerAppsJobsEmulator? ContainerApps { get; }

    /// <param name="launcher"><see cref="Local"/> or <see cref="Emulator"/>.</param>
    /// <param name="trainerCommand">What a job runs before its <c>qcs</c> arguments.</param>
    /// <param name="slots">Jobs running at once (local slots, or the emulator's running-execution quota).</param>
    public static async Task<JobLaunchers> StartAsync(string launcher, string trainerCommand, int slots = 2)
    {
        var settings = E2eSettings.Host(trainerCommand);
        settings["Qcs__Jobs__Local__MaxConcurrentProcesses"] = slots.ToString();
        if (launcher == Local) return new JobLaunchers(settings, null);
        if (launcher != Emulator) throw new ArgumentException($"Unknown launcher '{launcher}'.", nameof(launcher));

        var emulator = new ContainerAppsJobsEmulator(new EmulatorOptions
        {
            TrainerCommand = trainerCommand,
            MaxRunningExecutions = slots,
            TerminationGrace = TimeSpan.FromSeconds(30),
            LogDirectory = Path.Combine(SyntheticData.Root, "emulator-logs"),
            Environment =
            {
                ["QCS_STORAGE_CONNECTION_STRING"] = TestStorage.ConnectionString,
                ["QCS_WORK_DIR"] = settings["Qcs__Jobs__Local__Environment__QCS_WORK_DIR"],
            },
        });
        await emulator.StartAsync();
        settings["Qcs__Jobs__Kind"] = "ContainerApps";
        // Azure asks every run for a GPU-hour budget (Qcs:Limits); the emulator's executions are local processes and cost nothing.
        settings["Qcs__Limits__RequireGpuHourBudget"] = "false";
        settings["Qcs__Jobs__ContainerApps__TrainJobResourceId"] = ContainerAppsJobsEmulator.JobId("qcs-train");
        settings["Qcs__Jobs__ContainerApps__StageJobResourceId"] = ContainerAppsJobsEmulator.JobId("qcs-stage");
        settings["Qcs__Jobs__ContainerApps__Image"] = "qcs:e2e";
        // Required in Azure (the executions get it as AZURE_CLIENT_ID); the emulator's replicas use Azurite's key instead.
        settings["Qcs__Jobs__ContainerApps__JobsManagedIdentityClientId"] = "11111111-2222-3333-4444-555555555555";
        settings["Qcs__Jobs__ContainerApps__Emulator__Endpoint"] = emulator.Endpoint.AbsoluteUri;
        settings["Qcs__Jobs__ContainerApps__Emulator__Token"] = emulator.Token;
        settings["Qcs__Jobs__ContainerApps__Emulator__CertificateThumbprint"] = emulator.CertificateThumbprint;
        return new JobLaunchers(settings, emulator);
    }

    public async ValueTask DisposeAsync()
    {
        if (ContainerApps is not null) await ContainerApps.DisposeAsync();
    }
}
