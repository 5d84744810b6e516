using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using QcsCloud.Core;
using QcsCloud.Deployment.Tests.Tooling;
using QcsCloud.Workflow.Configuration;

namespace QcsCloud.Deployment.Tests;

/// <summary>Assertions on the ARM JSON that <c>bicep build bicep/main.bicep</c> generates.</summary>
[TestClass]
public sealed partial class MainTemplateTests
{
    private static ArmTemplate main = null!;
    private static string json = "";

    [ClassInitialize]
    public static void BuildMainTemplate(TestContext _)
    {
        var build = BicepCli.Build(RepositoryPaths.InRoot("bicep", "main.bicep"));
        Assert.AreEqual(0, build.Process.ExitCode, build.Process.ToString());
        json = build.Json;
        main = ArmTemplate.Parse(json);
    }

    [TestMethod]
    public void Storage_account_refuses_shared_keys_and_anonymous_blobs()
    {
        var account = main.ModuleTemplate("storage").Resource("storageAccount");
        var properties = account["properties"]!;

        Assert.IsFalse((bool)properties["allowSharedKeyAccess"]!);
        Assert.IsTrue((bool)properties["defaultToOAuthAuthentication"]!);
        Assert.IsFalse((bool)properties["allowBlobPublicAccess"]!);
        Assert.AreEqual("TLS1_2", (string?)properties["minimumTlsVersion"]);
    }

    [TestMethod]
    public void Data_account_has_the_blob_layout_containers_and_the_host_account_the_deployment_package_container()
    {
        var containers = main.Variables["dataContainers"]!.AsArray().Select(c => (string)c!["name"]!).ToList();

        CollectionAssert.AreEquivalent(new[] { BlobLayout.DatasetsContainer, BlobLayout.StagingContainer, BlobLayout.CheckpointsContainer, BlobLayout.ReportsContainer }, containers);
        Assert.AreEqual("[variables('containerNames')]", (string?)main.ModuleParameter("storage", "containerNames"));
        CollectionAssert.AreEqual(new[] { "[variables('deploymentContainerName')]" }, ResolveArrayLiteral(main.ModuleParameter("hostStorage", "containerNames")!));
        Assert.AreEqual("[variables('deploymentContainerName')]", (string?)main.ModuleParameter("functionApp", "deploymentContainerName"));
        StringAssert.Contains((string?)main.ModuleParameter("functionApp", "storageAccountName"), "'hostStorage'");
    }

    [TestMethod]
    public void Function_app_is_dotnet_isolated_on_flex_consumption_with_a_system_identity()
    {
        var module = main.ModuleTemplate("functionApp");
        var plan = module.Resource("plan");
        var site = module.Resource("site");

        Assert.AreEqual("FC1", (string?)plan["sku"]!["name"]);
        Assert.AreEqual("FlexConsumption", (string?)plan["sku"]!["tier"]);
        Assert.AreEqual("functionapp,linux", (string?)site["kind"]);
        Assert.AreEqual("SystemAssigned", (string?)site["identity"]!["type"]);
        Assert.IsTrue((bool)site["properties"]!["httpsOnly"]!);
        var config = site["properties"]!["functionAppConfig"]!;
        Assert.AreEqual("dotnet-isolated", (string?)config["runtime"]!["name"]);
        Assert.AreEqual("10.0", (string?)module.Parameters["dotnetVersion"]!["defaultValue"]);
        Assert.AreEqual("SystemAssignedIdentity", (string?)config["deployment"]!["storage"]!["authentication"]!["type"]);
        foreach (var policy in new[] { "ftpCredentials", "scmCredentials" })
            Assert.IsFalse((bool)module.Resource(policy)["properties"]!["allow"]!, policy);
    }

    [TestMethod]
    public void Function_app_settings_name_the_storage_account_and_hold_no_key_or_connection_string()
    {
        var module = main.ModuleTemplate("functionApp");
        var hostSettings = SettingNames(module.Variables["hostSettings"]!);
        var workflowSettings = SettingNames(main.ModuleParameter("functionApp", "appSettings")!);
        var all = hostSettings.Concat(workflowSettings).ToList();

        var jobs = Setting(JobLauncherOptions.Section);
        var containerApps = $"{jobs}__{nameof(JobLauncherOptions.ContainerApps)}";
        CollectionAssert.Contains(all, "AzureWebJobsStorage__accountName");
        CollectionAssert.Contains(all, $"{Setting(StorageOptions.Section)}__{nameof(StorageOptions.AccountName)}");
        CollectionAssert.Contains(all, $"{Setting(StorageOptions.Section)}__{nameof(StorageOptions.BlobServiceUri)}");
        foreach (var property in new[] { nameof(ContainerAppsOptions.TrainJobResourceId), nameof(ContainerAppsOptions.StageJobResourceId), nameof(ContainerAppsOptions.Image), nameof(ContainerAppsOptions.ContainerName), nameof(ContainerAppsOptions.ArmManagedIdentityClientId), nameof(ContainerAppsOptions.JobsManagedIdentityClientId) })
            CollectionAssert.Contains(all, $"{containerApps}__{property}");
        var settings = main.ModuleParameter("functionApp", "appSettings")!;
        Assert.AreEqual(nameof(JobLauncherKind.ContainerApps), SettingValue(settings, $"{jobs}__{nameof(JobLauncherOptions.Kind)}"));
        Assert.AreEqual("[variables('jobContainerName')]", SettingValue(settings, $"{containerApps}__{nameof(ContainerAppsOptions.ContainerName)}"));
        Assert.AreEqual("[variables('jobContainerName')]", (string?)main.ModuleParameter("trainJob", "containerName"));
        Assert.AreEqual(new ContainerAppsOptions().ContainerName, (string?)main.Variables["jobContainerName"]);
        Assert.AreEqual((string?)main.ModuleParameter("trainJob", "image"), SettingValue(settings, $"{containerApps}__{nameof(ContainerAppsOptions.Image)}"));
        // Flex Consumption rejects these, and a plain AzureWebJobsStorage would be a key-bearing connection string.
        foreach (var forbidden in new[] { "AzureWebJobsStorage", "FUNCTIONS_WORKER_RUNTIME", "WEBSITE_RUN_FROM_PACKAGE", "WEBSITE_CONTENTAZUREFILECONNECTIONSTRING", "WEBSITE_CONTENTSHARE" })
            CollectionAssert.DoesNotContain(all, forbidden);
        foreach (var value in module.Variables["hostSettings"]!.AsArray().Concat(main.ModuleParameter("functionApp", "appSettings")!.AsArray()))
            StringAssert.DoesNotMatch(value!["value"]!.ToJsonString(), KeyMaterial());
    }

    [TestMethod]
    public void No_template_lists_keys_or_secrets_anywhere()
    {
        StringAssert.DoesNotMatch(json, ListFunction());
        StringAssert.DoesNotMatch(json, KeyMaterial());
        Assert.IsEmpty(main.AllResources().Where(r => ((string?)r["type"])?.Contains("listKeys", StringComparison.OrdinalIgnoreCase) == true));
    }

    [TestMethod]
    public void Environment_has_a_serverless_gpu_profile_chosen_by_the_gpu_parameter()
    {
        CollectionAssert.AreEquivalent(new[] { "A100", "T4" }, ResolveArray(main.Parameters["gpu"]!["allowedValues"]!));
        Assert.AreEqual("Consumption-GPU-NC24-A100", (string?)main.Variables["gpuProfiles"]!["A100"]!["type"]);
        Assert.AreEqual("Consumption-GPU-NC8as-T4", (string?)main.Variables["gpuProfiles"]!["T4"]!["type"]);
        Assert.AreEqual("[variables('gpuProfile').type]", (string?)main.ModuleParameter("environment", "gpuProfileType"));

        var profiles = main.ModuleTemplate("environment").Resource("environment")["properties"]!["workloadProfiles"]!.AsArray();
        Assert.AreEqual(2, profiles.Count);
        Assert.IsTrue(profiles.Any(p => (string?)p!["workloadProfileType"] == "Consumption"));
        Assert.IsTrue(profiles.Any(p => (string?)p!["workloadProfileType"] == "[parameters('gpuProfileType')]"
                                        && (string?)p!["name"] == "[parameters('gpuProfileName')]"));
        // Logs through Azure Monitor: no workspace shared key passed to the environment.
        Assert.AreEqual("azure-monitor", (string?)main.ModuleTemplate("environment").Resource("environment")["properties"]!["appLogsConfiguration"]!["destination"]);
    }

    [TestMethod]
    public void Training_job_runs_manually_on_the_gpu_profile_with_identity_pull_retry_limit_timeout_and_resources()
    {
        var job = main.ModuleTemplate("trainJob").Resource("job");
        var configuration = job["properties"]!["configuration"]!;

        Assert.AreEqual("[variables('gpuProfileName')]", (string?)main.ModuleParameter("trainJob", "workloadProfileName"));
        Assert.AreEqual("[parameters('workloadProfileName')]", (string?)job["properties"]!["workloadProfileName"]);
        Assert.AreEqual("Manual", (string?)configuration["triggerType"]);
        Assert.AreEqual("[parameters('replicaTimeoutSeconds')]", (string?)configuration["replicaTimeout"]);
        Assert.AreEqual("[parameters('replicaRetryLimit')]", (string?)configuration["replicaRetryLimit"]);
        Assert.AreEqual("[mul(parameters('trainJobTimeoutHours'), 3600)]", (string?)main.ModuleParameter("trainJob", "replicaTimeoutSeconds"));
        Assert.AreEqual("[parameters('trainJobRetryLimit')]", (string?)main.ModuleParameter("trainJob", "replicaRetryLimit"));
        Assert.AreEqual(12, (int)main.Parameters["trainJobTimeoutHours"]!["defaultValue"]!);
        Assert.AreEqual("UserAssigned", (string?)job["identity"]!["type"]);
        Assert.AreEqual("[parameters('identityId')]", (string?)configuration["registries"]![0]!["identity"]);
        var container = job["properties"]!["template"]!["containers"]![0]!;
        Assert.IsNotNull(container["resources"]!["cpu"]);
        Assert.IsNotNull(container["resources"]!["memory"]);
        // One GPU per replica comes with the serverless GPU profile; CPU and memory default to the profile's share.
        Assert.AreEqual(8, (int)main.Variables["gpuProfiles"]!["T4"]!["cpu"]!);
        Assert.AreEqual(220, (int)main.Variables["gpuProfiles"]!["A100"]!["memoryGiB"]!);
        StringAssert.Contains((string?)main.Variables["checkedTrainCpu"], "fail(");
    }

    [TestMethod]
    public void Staging_job_runs_manually_on_the_consumption_profile_with_the_same_identity()
    {
        Assert.AreEqual("Consumption", (string?)main.ModuleParameter("stageJob", "workloadProfileName"));
        Assert.AreEqual((string?)main.ModuleParameter("trainJob", "identityId"), (string?)main.ModuleParameter("stageJob", "identityId"));
        Assert.AreEqual((string?)main.ModuleParameter("trainJob", "image"), (string?)main.ModuleParameter("stageJob", "image"));
        Assert.AreEqual("[mul(parameters('stageJobTimeoutHours'), 3600)]", (string?)main.ModuleParameter("stageJob", "replicaTimeoutSeconds"));
        var env = main.ModuleParameter("stageJob", "env")!.AsArray();
        Assert.IsTrue(env.Any(e => (string?)e!["name"] == "AZURE_CLIENT_ID"), "DefaultAzureCredential needs the user-assigned identity's client id.");
    }

    [TestMethod]
    public void No_template_assigns_owner_contributor_or_user_access_administrator()
    {
        // Which identity holds which role where: IdentityWiringTests, against the operations the code declares.
        foreach (var broad in new[] { "8e3af657-a8ff-443c-a75c-2fe8c4bcb635", "b24988ac-6180-42a0-ab88-20f7382dd24c", "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9" })
            Assert.DoesNotContain(broad, json);
        foreach (var module in new[] { "hostStorageRoles", "storageRoles", "containerRoles", "registry", "insightsRoles", "jobRoles" })
            foreach (var assignment in main.ModuleParameter(module, "roleAssignments")!.AsArray())
                Assert.AreEqual("ServicePrincipal", (string?)assignment!["principalType"], module);
    }

    [TestMethod]
    public void Job_operator_role_can_start_and_watch_jobs_and_nothing_more()
    {
        // Defined by the one-time bootstrap (an Owner deploys it); main.bicep references it as existing.
        var bootstrap = BicepCli.Build(RepositoryPaths.InRoot("bicep", "bootstrap", "deploy-identity.bicep"));
        var operatorRole = ArmTemplate.Parse(bootstrap.Json).ModuleTemplate("jobOperatorRole");
        var actions = ResolveArray(operatorRole.Variables["jobOperatorActions"]!);

        CollectionAssert.Contains(actions, "Microsoft.App/jobs/start/action");
        CollectionAssert.Contains(actions, "Microsoft.App/jobs/execution/read");
        Assert.IsFalse(actions.Any(a => a.Contains('*') || a.EndsWith("/write") || a.EndsWith("/delete")), string.Join(", ", actions));
        var role = operatorRole.ResourcesOfType("Microsoft.Authorization/roleDefinitions").Single()["properties"]!;
        Assert.AreEqual("[resourceGroup().id]", (string?)role["assignableScopes"]![0]);
        Assert.AreEqual("[variables('jobOperatorActions')]", (string?)role["permissions"]![0]!["actions"]);
        Assert.IsTrue((bool)main.Resource("jobOperatorRole")["existing"]!, "main.bicep only references the role");
        // Assigned per job, not on the resource group.
        Assert.IsTrue(((string?)main.ModuleTemplate("jobRoles").Resource("assignments")["scope"])?.Contains("Microsoft.App/jobs") == true);
    }

    [TestMethod]
    public void Outputs_are_described_and_carry_no_secret()
    {
        var outputs = main.Outputs;
        foreach (var required in new[] { "storageAccountName", "registryLoginServer", "functionAppName", "functionAppUrl", "trainJobResourceId", "stageJobResourceId", "trainerImage" })
            Assert.IsTrue(outputs.ContainsKey(required), $"missing output {required}");
        foreach (var (name, output) in outputs)
        {
            // Plain values only (the app roles are a list of names): no objects that could carry a resource's properties.
            CollectionAssert.Contains(new[] { "string", "array" }, (string?)output!["type"], name);
            Assert.IsFalse(string.IsNullOrWhiteSpace((string?)output["metadata"]?["description"]), $"output {name} has no description");
            StringAssert.DoesNotMatch(name, SecretName());
            StringAssert.DoesNotMatch(output["value"]!.ToJsonString(), ListFunction());
        }
    }

    // ---------------------------------------------------------------------------------------------

    private static List<string> ResolveArrayLiteral(JsonNode node) => node.AsArray().Select(n => (string)n!).ToList();

    private static List<string> ResolveArray(JsonNode node) =>
        node.AsArray().Select(n => (string)n! is var s && s.StartsWith("[variables('", StringComparison.Ordinal)
            ? (string)main.Variables[s["[variables('".Length..^"')]".Length]]!
            : s).ToList();

    /// <summary>Configuration section 'Qcs:Jobs' as an app setting prefix: 'Qcs__Jobs'.</summary>
    private static string Setting(string section) => section.Replace(":", "__");

    private static List<string> SettingNames(JsonNode settings) => settings.AsArray().Select(s => (string)s!["name"]!).ToList();

    private static string? SettingValue(JsonNode settings, string name) =>
        (string?)settings.AsArray().Single(s => (string?)s!["name"] == name)!["value"];

    [GeneratedRegex(@"list(Keys|AccountSas|ServiceSas|Secrets|Credentials?)\(", RegexOptions.IgnoreCase)]
    private static partial Regex ListFunction();

    [GeneratedRegex(@"AccountKey=|SharedAccessSignature=|InstrumentationKey=[0-9a-f-]{36}|sig=", RegexOptions.IgnoreCase)]
    private static partial Regex KeyMaterial();

    [GeneratedRegex(@"key|secret|password|token|connectionstring", RegexOptions.IgnoreCase)]
    private static partial Regex SecretName();
}
