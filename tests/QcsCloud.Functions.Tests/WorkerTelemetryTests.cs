using Microsoft.ApplicationInsights.Channel;
using Microsoft.ApplicationInsights.DataContracts;
using Microsoft.DurableTask;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using QcsCloud.Functions.Tests.Support;
using QcsCloud.Workflow.Telemetry;

namespace QcsCloud.Functions.Tests;

/// <summary>
/// The worker's logs reach Application Insights through the real SDK pipeline (only the channel, which would send them
/// over HTTPS, is replaced by one that keeps them), with the run id and job name of the call as custom dimensions.
/// </summary>
[TestClass]
public sealed class WorkerTelemetryTests
{
    [TestMethod]
    public async Task An_activitys_information_logs_reach_Application_Insights_with_its_run_id_and_job_name()
    {
        var channel = new KeepingChannel();
        await using var services = Services(channel);
        var context = new FakeFunctionContext(services, new Dictionary<string, object?> { ["instanceId"] = "run-7:pretrain:qcs:affectnet8:s1" });

        var answer = await TaskAdapters.RunActivityAsync<GreetingActivity, string, string>("faces", context);

        Assert.AreEqual("hello faces", answer);
        var trace = channel.Items.OfType<TraceTelemetry>().SingleOrDefault(t => t.Message.Contains("hello faces", StringComparison.Ordinal))
            ?? throw new AssertFailedException("no trace of the activity's log line; sent: " + string.Join(", ", channel.Items.Select(i => i.GetType().Name)));
        Assert.AreEqual(SeverityLevel.Information, trace.SeverityLevel);
        Assert.AreEqual("run-7", trace.Properties[WorkflowLogScope.RunIdKey]);
        Assert.AreEqual("pretrain:qcs:affectnet8:s1", trace.Properties[WorkflowLogScope.JobNameKey]);
    }

    [TestMethod]
    public void The_scope_of_each_kind_of_instance_names_its_run_and_job()
    {
        Assert.AreEqual("run-7", WorkflowLogScope.For("run-7")[WorkflowLogScope.RunIdKey]);
        Assert.IsFalse(WorkflowLogScope.For("run-7").ContainsKey(WorkflowLogScope.JobNameKey));
        Assert.IsFalse(WorkflowLogScope.For("run-7:finetune").ContainsKey(WorkflowLogScope.JobNameKey), "a phase is not a job");
        Assert.AreEqual("stage:rafdb", WorkflowLogScope.For("run-7:stage:rafdb")[WorkflowLogScope.JobNameKey]);
        Assert.AreEqual("finetune:rafdb:s3", WorkflowLogScope.For("run-7:finetune:rafdb:s3")[WorkflowLogScope.JobNameKey]);
        var shared = WorkflowLogScope.For("stage:rafdb:0a1b:0");
        Assert.IsFalse(shared.ContainsKey(WorkflowLogScope.RunIdKey), "staging shared by every run belongs to none");
        Assert.AreEqual("stage:rafdb:0a1b:0", shared[WorkflowLogScope.JobNameKey]);
    }

    private static ServiceProvider Services(ITelemetryChannel channel)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["APPLICATIONINSIGHTS_CONNECTION_STRING"] = "InstrumentationKey=00000000-0000-0000-0000-000000000001;IngestionEndpoint=https://127.0.0.1:9/",
        }).Build());
        services.AddSingleton(channel);
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Information));
        services.AddQcsWorkerTelemetry();
        return services.BuildServiceProvider();
    }

    private sealed class GreetingActivity(ILogger<GreetingActivity> logger) : TaskActivity<string, string>
    {
        public override Task<string> RunAsync(TaskActivityContext context, string input)
        {
            logger.LogInformation("Saying hello {Input}", "hello " + input);
            return Task.FromResult("hello " + input);
        }
    }

    /// <summary>A channel that keeps what it is given.</summary>
    private sealed class KeepingChannel : ITelemetryChannel
    {
        public List<ITelemetry> Items { get; } = [];
        public bool? DeveloperMode { get; set; }
        public string EndpointAddress { get; set; } = "";
        public void Send(ITelemetry item)
        {
            lock (Items) Items.Add(item);
        }
        public void Flush() { }
        public void Dispose() { }
    }
}
