using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using QcsCloud.ContainerAppsEmulator;
using QcsCloud.Workflow.Configuration;
using QcsCloud.Workflow.Launchers;
using QcsCloud.Workflow.Storage;

namespace QcsCloud.Workflow.Tests.Support;

/// <summary>
/// The Container Apps jobs emulator on a free port, the real <see cref="ContainerAppsJobLauncher"/> and ArmClient
/// pointed at it (endpoint, test token, pinned certificate: the configuration local mode uses), and Azurite under a
/// fresh prefix. Executions run a small script: <c>sleep N</c> or <c>exit N</c> (the launcher never sees the difference).
/// One page of the executions list holds one execution, so every lookup must follow <c>nextLink</c>.
/// </summary>
public sealed class EmulatedContainerApps : IAsyncDisposable
{
    private EmulatedContainerApps(ContainerAppsJobsEmulator emulator, QcsStorage storage, ContainerAppsJobLauncher launcher)
    {
        Emulator = emulator;
        Storage = storage;
        Launcher = launcher;
    }

    public ContainerAppsJobsEmulator Emulator { get; }
    public QcsStorage Storage { get; }
    public ContainerAppsJobLauncher Launcher { get; }

    public static async Task<EmulatedContainerApps> StartAsync(Action<EmulatorOptions>? configure = null)
    {
        var script = Path.Combine(Path.GetTempPath(), "qcs-emulator-test-job.sh");
        await File.WriteAllTextAsync(script, "#!/usr/bin/env bash\ncase \"$1\" in\n  sleep) sleep \"$2\" ;;\n  exit) exit \"$2\" ;;\nesac\n");
        var options = new EmulatorOptions { TrainerCommand = $"bash {script}", PageSize = 1, TerminationGrace = TimeSpan.FromSeconds(2) };
        configure?.Invoke(options);
        var emulator = new ContainerAppsJobsEmulator(options);
        await emulator.StartAsync();
        var storage = TestStorage.Create(TestStorage.NewPrefix());
        var settings = new JobLauncherOptions
        {
            Kind = JobLauncherKind.ContainerApps,
            ContainerApps = new ContainerAppsOptions
            {
                TrainJobResourceId = ContainerAppsJobsEmulator.JobId("qcs-train"),
                StageJobResourceId = ContainerAppsJobsEmulator.JobId("qcs-stage"),
                Image = "qcs:emulated",
                JobsManagedIdentityClientId = "11111111-2222-3333-4444-555555555555",
                Emulator = new ArmEmulatorOptions { Endpoint = emulator.Endpoint, Token = emulator.Token, CertificateThumbprint = emulator.CertificateThumbprint },
            },
        };
        var launcher = new ContainerAppsJobLauncher(ArmClientFactory.ForEmulator(settings.ContainerApps.Emulator), storage,
            Options.Create(settings), NullLogger<ContainerAppsJobLauncher>.Instance);
        return new EmulatedContainerApps(emulator, storage, launcher);
    }

    /// <summary>A job spec whose execution runs <c>sleep N</c> / <c>exit N</c>, with its output folder on Azurite.</summary>
    public Core.JobSpec Spec(string name, string command, int value, Core.JobKind kind = Core.JobKind.Train) =>
        new(name, kind, [command, value.ToString()], Storage.FolderUri(Core.BlobLayout.CheckpointsContainer, $"{name}/"));

    public async Task<EmulatedExecution> WaitUntilEndedAsync(string jobName)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (Emulator.ExecutionsOf(jobName) is [.., { IsLive: false } last]) return last;
            await Task.Delay(100);
        }
        throw new TimeoutException($"No execution of {jobName} ended within 60 s.");
    }

    public async ValueTask DisposeAsync()
    {
        await Emulator.DisposeAsync();
        await TestStorage.DeleteContainersAsync(Storage);
    }
}
