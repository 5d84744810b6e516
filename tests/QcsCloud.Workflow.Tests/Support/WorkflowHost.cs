using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using QcsCloud.Workflow.Api;
using QcsCloud.Workflow.Launchers;
using QcsCloud.Workflow.Storage;

namespace QcsCloud.Workflow.Tests.Support;

/// <summary>
/// The in-memory durable host with every QCS task registered, the real <see cref="RunsApi"/>, real Azurite under a
/// fresh container prefix, and a <see cref="FakeJobLauncher"/>. Timers are 100 ms so retries and polls are quick.
/// </summary>
public sealed class WorkflowHost : IAsyncDisposable
{
    private readonly DurableTaskTestHost host;

    private WorkflowHost(DurableTaskTestHost host, QcsStorage storage, FakeJobLauncher launcher, PayloadRecorder payloads)
    {
        this.host = host;
        Storage = storage;
        Launcher = launcher;
        Payloads = payloads;
    }

    public DurableTaskClient Client => host.Client;
    public QcsStorage Storage { get; }
    public FakeJobLauncher Launcher { get; }
    public PayloadRecorder Payloads { get; }
    public RunsApi Api => host.Services.GetRequiredService<RunsApi>();

    public static async Task<WorkflowHost> StartAsync()
    {
        var prefix = TestStorage.NewPrefix();
        var storage = TestStorage.Create(prefix);
        var launcher = new FakeJobLauncher(storage);
        var payloads = new PayloadRecorder();
        var settings = new Dictionary<string, string?>
        {
            ["Qcs:Storage:ConnectionString"] = TestStorage.ConnectionString,
            ["Qcs:Storage:ContainerPrefix"] = prefix,
            ["Qcs:Workflow:PollInterval"] = "00:00:00.100",
            ["Qcs:Workflow:RetryBaseDelay"] = "00:00:00.100",
            ["Qcs:Workflow:RetryMaxDelay"] = "00:00:00.200",
            ["Qcs:Workflow:CapacityWait"] = "00:00:00.020",
            ["Qcs:Workflow:CapacityBudget"] = "00:00:20",
            ["Qcs:Workflow:MaxPollFailures"] = "4",
            ["Qcs:Workflow:MaxPollsPerGeneration"] = "5",
            // Every test shares this storage: a job of one test must not be reused by another's (RunReuseTests opt in).
            ["Qcs:Workflow:DefaultReuse"] = "never",
            ["Qcs:Jobs:Kind"] = "LocalProcess",
            ["Qcs:Jobs:Local:TrainerCommand"] = "unused-in-tests",
            ["Qcs:Limits:StepSeconds:qcs-tiny"] = "3.6",
            ["Qcs:Limits:StepSeconds:baseline-tiny"] = "1.8",
        };
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var host = await DurableTaskTestHost.StartAsync(
            registry => registry.AddQcsTasks(),
            new DurableTaskTestHostOptions
            {
                Port = Random.Shared.Next(30000, 40000),
                ConfigureServices = services =>
                {
                    services.AddSingleton(storage);
                    services.AddSingleton<IJobLauncher>(launcher);
                    services.AddQcsWorkflow(configuration);
                    services.AddLogging();
                    services.PostConfigureAll<DurableTaskWorkerOptions>(o => o.DataConverter = payloads);
                },
            });
        return new WorkflowHost(host, storage, launcher, payloads);
    }

    /// <summary>Polls until the instance ends (WaitForInstanceCompletion can miss terminal states on some backends).</summary>
    public async Task<OrchestrationMetadata> WaitAsync(string instanceId, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(90));
        while (true)
        {
            var m = await Client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, cts.Token);
            if (m is { IsCompleted: true }) return m;
            await Task.Delay(100, cts.Token);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await host.DisposeAsync();
        await TestStorage.DeleteContainersAsync(Storage);
    }
}
