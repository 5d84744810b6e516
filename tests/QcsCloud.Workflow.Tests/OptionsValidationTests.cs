using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using QcsCloud.Workflow.Configuration;

namespace QcsCloud.Workflow.Tests;

/// <summary>AddQcsWorkflow binds and validates its options: bad settings fail at start-up with messages naming the key.</summary>
[TestClass]
public sealed class OptionsValidationTests
{
    private static OptionsValidationException Failure<T>(Dictionary<string, string?> settings) where T : class
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        using var provider = new ServiceCollection().AddLogging().AddQcsWorkflow(configuration).BuildServiceProvider();
        return Assert.ThrowsExactly<OptionsValidationException>(() => provider.GetRequiredService<IOptions<T>>().Value);
    }

    [TestMethod]
    public void Storage_without_a_connection_string_or_account_is_refused()
    {
        var e = Failure<StorageOptions>([]);

        StringAssert.Contains(e.Message, "Qcs:Storage: set ConnectionString");
    }

    [TestMethod]
    public void The_local_launcher_needs_a_trainer_command()
    {
        var e = Failure<JobLauncherOptions>(new() { ["Qcs:Jobs:Kind"] = "LocalProcess" });

        StringAssert.Contains(e.Message, "Qcs:Jobs:Local:TrainerCommand is empty");
    }

    [TestMethod]
    public void The_container_apps_launcher_names_a_bad_job_id_and_a_missing_image()
    {
        var e = Failure<JobLauncherOptions>(new() { ["Qcs:Jobs:Kind"] = "ContainerApps", ["Qcs:Jobs:ContainerApps:TrainJobResourceId"] = "/subscriptions/x/jobs/y" });

        StringAssert.Contains(e.Message, "TrainJobResourceId '/subscriptions/x/jobs/y' is not a Container Apps Job id");
        StringAssert.Contains(e.Message, "ContainerApps:Image is empty");
    }

    [TestMethod]
    public void The_container_apps_launcher_needs_the_jobs_client_id_and_refuses_it_as_its_own_arm_identity()
    {
        const string jobs = "11111111-2222-3333-4444-555555555555";
        var e = Failure<JobLauncherOptions>(new()
        {
            ["Qcs:Jobs:Kind"] = "ContainerApps",
            ["Qcs:Jobs:ContainerApps:TrainJobResourceId"] = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.App/jobs/train",
            ["Qcs:Jobs:ContainerApps:Image"] = "cr.example.test/qcs-trainer@sha256:" + new string('0', 64),
            ["Qcs:Jobs:ContainerApps:ArmManagedIdentityClientId"] = jobs,
            ["Qcs:Jobs:ContainerApps:JobsManagedIdentityClientId"] = jobs,
        });
        var missing = Failure<JobLauncherOptions>(new()
        {
            ["Qcs:Jobs:Kind"] = "ContainerApps",
            ["Qcs:Jobs:ContainerApps:TrainJobResourceId"] = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.App/jobs/train",
            ["Qcs:Jobs:ContainerApps:Image"] = "cr.example.test/qcs-trainer@sha256:" + new string('0', 64),
            ["Qcs:Jobs:ContainerApps:ArmManagedIdentityClientId"] = "not-a-guid",
        });

        StringAssert.Contains(e.Message, "ArmManagedIdentityClientId is the jobs' identity");
        StringAssert.Contains(missing.Message, "JobsManagedIdentityClientId '' is not a client id");
        StringAssert.Contains(missing.Message, "ArmManagedIdentityClientId 'not-a-guid' is not a client id");
    }

    [TestMethod]
    public void A_zero_poll_interval_is_refused_naming_the_value()
    {
        var e = Failure<WorkflowOptions>(new() { ["Qcs:Workflow:PollInterval"] = "00:00:00" });

        StringAssert.Contains(e.Message, "Qcs:Workflow:PollInterval (00:00:00) must be more than 0");
    }
}
