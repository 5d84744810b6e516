using System.ComponentModel.DataAnnotations;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using QcsCloud.Deployment.Tests.Tooling;
using QcsCloud.Workflow.Configuration;

namespace QcsCloud.Deployment.Tests;

/// <summary>
/// The deployment evaluated offline with <c>bicep snapshot</c>: the resources Azure would be asked for, with
/// parameters applied, names and ids resolved and the template's fail() checks run.
/// </summary>
[TestClass]
public sealed partial class DeploymentSnapshotTests
{
    private const string Subscription = DeploymentSnapshot.Subscription;
    private const string ResourceGroup = DeploymentSnapshot.ResourceGroup;
    private static DirectoryInfo scratch = null!;
    private static JsonObject defaults = null!;
    private static JsonObject a100 = null!;
    private static JsonObject bootstrap = null!;
    private const string Image = "crqcs.example.test/qcs-trainer@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    private const string ApiClientId = "6f1b2c3d-0000-4000-8000-00000000a001";

    [ClassInitialize]
    public static void SnapshotTheDeployment(TestContext _)
    {
        scratch = Directory.CreateTempSubdirectory("qcs-snapshot-");
        // The repository's own parameter file, evaluated from a scratch folder (the snapshot is written beside it).
        var repositoryParameters = File.ReadAllText(RepositoryPaths.InRoot("bicep", "main.bicepparam"));
        defaults = Snapshot("defaults", repositoryParameters.Replace("using 'main.bicep'", $"using '{MainBicep()}'"));
        a100 = Snapshot("a100", $"""
            using '{MainBicep()}'
            param name = 'qcsgpu'
            param gpu = 'A100'
            param trainerImage = '{Image}'
            param apiClientId = '{ApiClientId}'
            """);
        bootstrap = DeploymentSnapshot.TakeBootstrap(scratch, "bootstrap");
    }

    [ClassCleanup]
    public static void DeleteScratch() => scratch?.Delete(recursive: true);

    [TestMethod]
    public void Repository_parameters_predict_a_t4_training_job_with_the_profile_share_timeout_and_retries()
    {
        var environment = Single(defaults, "Microsoft.App/managedEnvironments");
        var train = Job(defaults, "train");
        var container = train["properties"]!["template"]!["containers"]![0]!;

        Assert.IsTrue(environment["properties"]!["workloadProfiles"]!.AsArray()
            .Any(p => (string?)p!["workloadProfileType"] == "Consumption-GPU-NC8as-T4" && (string?)p["name"] == "gpu-t4"));
        Assert.AreEqual("gpu-t4", (string?)train["properties"]!["workloadProfileName"]);
        Assert.AreEqual(8, (int)container["resources"]!["cpu"]!);
        Assert.AreEqual("56Gi", (string?)container["resources"]!["memory"]);
        Assert.AreEqual(12 * 3600, (int)train["properties"]!["configuration"]!["replicaTimeout"]!);
        Assert.AreEqual(1, (int)train["properties"]!["configuration"]!["replicaRetryLimit"]!);
        Assert.AreEqual("Manual", (string?)train["properties"]!["configuration"]!["triggerType"]);
        var identityId = (string)train["properties"]!["configuration"]!["registries"]![0]!["identity"]!;
        StringAssert.EndsWith(identityId, "/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-qcscloud-jobs");
        Assert.IsTrue(train["identity"]!["userAssignedIdentities"]!.AsObject().ContainsKey(identityId));
        Assert.IsEmpty(defaults["diagnostics"]!.AsArray());
    }

    [TestMethod]
    public void A100_parameters_predict_the_a100_profile_and_the_image_in_both_jobs_and_the_workflow_settings()
    {
        var train = Job(a100, "train");
        var container = train["properties"]!["template"]!["containers"]![0]!;

        Assert.AreEqual("Consumption-GPU-NC24-A100", (string?)a100["outputs"]!["gpuProfileType"]);
        Assert.AreEqual(24, (int)container["resources"]!["cpu"]!);
        Assert.AreEqual("220Gi", (string?)container["resources"]!["memory"]);
        Assert.AreEqual(Image, (string?)container["image"]);
        Assert.AreEqual(Image, (string?)Job(a100, "stage")["properties"]!["template"]!["containers"]![0]!["image"]);
        Assert.AreEqual(Image, AppSettings(a100)["Qcs__Jobs__ContainerApps__Image"]);
        Assert.AreEqual(Image, (string?)a100["outputs"]!["trainerImage"]);
        Assert.AreEqual("Consumption", (string?)Job(a100, "stage")["properties"]!["workloadProfileName"]);
    }

    [TestMethod]
    public void Without_a_trainer_image_both_jobs_and_the_workflow_setting_get_a_placeholder_that_names_no_registry_host()
    {
        var image = (string?)Job(defaults, "train")["properties"]!["template"]!["containers"]![0]!["image"];

        // A Docker Hub short name: no '.', ':' or 'localhost' in a first path part, so no registry host is named.
        Assert.AreEqual("ubuntu:24.04", image);
        Assert.AreEqual(image, (string?)Job(defaults, "stage")["properties"]!["template"]!["containers"]![0]!["image"]);
        Assert.AreEqual(image, AppSettings(defaults)["Qcs__Jobs__ContainerApps__Image"]);
        Assert.AreEqual(image, (string?)defaults["outputs"]!["trainerImage"]);
        Assert.IsFalse(File.ReadAllLines(RepositoryPaths.InRoot("bicep", "main.bicepparam")).Any(l => l.TrimStart().StartsWith("param trainerImage")),
            "the repository's parameters leave the image to deploy.yml");
    }

    [TestMethod]
    public void Predicted_workflow_settings_pass_the_workflow_option_validation()
    {
        var settings = AppSettings(defaults);
        // App settings reach .NET configuration as environment variables: '__' is the section separator.
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key.Replace("__", ":"), (string?)Resolved(s.Value))))
            .Build();
        var jobs = configuration.GetSection(JobLauncherOptions.Section).Get<JobLauncherOptions>()!;
        var storage = configuration.GetSection(StorageOptions.Section).Get<StorageOptions>()!;

        Assert.AreEqual(JobLauncherKind.ContainerApps, jobs.Kind);
        Assert.IsEmpty(jobs.Validate(new ValidationContext(jobs)).ToList(), string.Join("; ", jobs.Validate(new ValidationContext(jobs))));
        Assert.IsEmpty(storage.Validate(new ValidationContext(storage)).ToList(), string.Join("; ", storage.Validate(new ValidationContext(storage))));
        Assert.AreEqual($"/subscriptions/{Subscription}/resourceGroups/{ResourceGroup}/providers/Microsoft.App/jobs/job-qcscloud-train", jobs.ContainerApps.TrainJobResourceId);
        Assert.AreEqual(Job(defaults, "stage")["id"]!.GetValue<string>(), jobs.ContainerApps.StageJobResourceId);
        Assert.AreEqual((string?)Job(defaults, "train")["properties"]!["template"]!["containers"]![0]!["name"], jobs.ContainerApps.ContainerName);
        var package = Single(defaults, "Microsoft.Web/sites")["properties"]!["functionAppConfig"]!["deployment"]!["storage"]!["value"]!.GetValue<string>();
        StringAssert.Contains(package, $"/storageAccounts/{settings["AzureWebJobsStorage__accountName"]}'", "the package lives in the host's account");
        Assert.AreNotEqual(settings["AzureWebJobsStorage__accountName"], storage.AccountName, "host storage and data are two accounts");
    }

    [TestMethod]
    public void Predicted_role_assignments_are_exactly_the_least_privilege_grants()
    {
        // Defined once by the bootstrap for the same stack; main.bicep only assigns it.
        var customRole = Single(bootstrap, "Microsoft.Authorization/roleDefinitions");
        var grants = defaults["predictedResources"]!.AsArray()
            .Where(r => (string?)r!["type"] == "Microsoft.Authorization/roleAssignments")
            .Select(r => (
                Principal: PrincipalOf((string)r!["properties"]!["principalId"]!),
                Role: ((string)r["properties"]!["roleDefinitionId"]!).Split('/')[^1],
                Scope: ScopeOf((string)r["id"]!)))
            .ToList();

        const string reader = "2a2b9908-6ea1-4ae2-8e65-a410df84e7d1", contributor = "ba92f5b4-2d11-453d-a403-e96b0029c9fe";
        var expected = new[]
        {
            ("jobs", "7f951dda-4ed3-4680-a7ca-43fe172d538d", "Microsoft.ContainerRegistry/registries"), // AcrPull
            ("jobs", reader, "containers/datasets"), // Blob Data Reader / Contributor per container
            ("jobs", contributor, "containers/staging"),
            ("jobs", contributor, "containers/checkpoints"),
            ("jobs", contributor, "containers/reports"),
            ("functionApp", reader, "containers/datasets"),
            ("functionApp", reader, "containers/staging"),
            ("functionApp", contributor, "containers/checkpoints"),
            ("functionApp", contributor, "containers/reports"),
            ("functionApp", "db58b8e5-c6ad-4a2a-8342-4fbabcbe9b60", "data account"), // Blob Delegator: report SAS
            ("functionApp", contributor, "host account"), // host storage and Durable Task hub
            ("functionApp", "974c5e8b-45b9-4653-ba55-5f855dd0fb88", "host account"), // Queue Data Contributor
            ("functionApp", "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3", "host account"), // Table Data Contributor
            ("functionApp", "3913510d-42f4-4e42-8a64-420c390055eb", "Microsoft.Insights/components"), // Monitoring Metrics Publisher
            ("functionApp", (string)customRole["name"]!, "Microsoft.App/jobs/job-qcscloud-train"), // job operator, per job
            ("functionApp", (string)customRole["name"]!, "Microsoft.App/jobs/job-qcscloud-stage"),
        };
        CollectionAssert.AreEquivalent(expected, grants, string.Join("\n", grants));
        var actions = customRole["properties"]!["permissions"]![0]!["actions"]!.AsArray().Select(a => (string)a!).ToList();
        CollectionAssert.Contains(actions, "Microsoft.App/jobs/start/action");
        Assert.IsFalse(actions.Any(a => a.Contains('*')), string.Join(", ", actions));
    }

    /// <summary>The template's fail() checks: more vCPUs than the GPU profile, an upper-case name, an image by tag.</summary>
    [TestMethod]
    [DataRow("too-many-cpus", "param name = 'qcstest'\nparam gpu = 'T4'\nparam trainJobCpu = 16", "trainJobCpu (16) exceeds the T4 profile's 8 vCPUs per replica")]
    [DataRow("upper-case", "param name = 'QcsCloud'", "name (QcsCloud) must be lower-case")]
    [DataRow("image-by-tag", "param name = 'qcstest'\nparam trainerImage = 'crqcs.example.test/qcs-trainer:0123abc'", "trainerImage (crqcs.example.test/qcs-trainer:0123abc) must name its digest")]
    public void A_parameter_the_template_refuses_fails_the_deployment_naming_the_value(string name, string parameters, string message)
    {
        var result = SnapshotFails(name, $"using '{MainBicep()}'\n{parameters}\n");

        StringAssert.Contains(result.Output, message, result.ToString());
    }

    // ---------------------------------------------------------------------------------------------

    /// <summary>A client id only Azure knows (an identity's <c>reference(...).clientId</c>) as the GUID it will be.</summary>
    private static string Resolved(string value) =>
        value.StartsWith("[reference(", StringComparison.Ordinal) && value.EndsWith(".clientId]", StringComparison.Ordinal)
            ? "00000000-0000-0000-0000-0000000000c1"
            : value;

    private static string MainBicep() =>
        Path.GetRelativePath(scratch.FullName, RepositoryPaths.InRoot("bicep", "main.bicep")).Replace('\\', '/');

    private static JsonObject Snapshot(string name, string parameters) => DeploymentSnapshot.Take(scratch, name, parameters);

    private static ProcessResult SnapshotFails(string name, string parameters)
    {
        var result = DeploymentSnapshot.Run(scratch, name, parameters);
        Assert.AreNotEqual(0, result.ExitCode, result.ToString());
        return result;
    }

    private static JsonObject Single(JsonObject snapshot, string type) =>
        snapshot["predictedResources"]!.AsArray().Single(r => (string?)r!["type"] == type)!.AsObject();

    private static JsonObject Job(JsonObject snapshot, string suffix) =>
        snapshot["predictedResources"]!.AsArray()
            .Single(r => (string?)r!["type"] == "Microsoft.App/jobs" && ((string)r["name"]!).EndsWith($"-{suffix}"))!.AsObject();

    private static Dictionary<string, string> AppSettings(JsonObject snapshot) => DeploymentSnapshot.AppSettings(snapshot);

    private static string PrincipalOf(string expression) =>
        expression.Contains("/userAssignedIdentities/id-") ? "jobs"
        : expression.Contains("/Microsoft.Web/sites/") ? "functionApp"
        : expression;

    /// <summary>Scope type of an assignment id <c>[extensionResourceId('/subscriptions/../providers/Type/name', ...)]</c>; jobs keep their name.</summary>
    private static string ScopeOf(string id)
    {
        var match = ScopeId().Match(id);
        Assert.IsTrue(match.Success, id);
        var type = match.Groups["type"].Value;
        var name = match.Groups["name"].Value;
        return type switch
        {
            "Microsoft.App/jobs" => $"{type}/{name}",
            "Microsoft.Storage/storageAccounts" when name.Contains("/containers/") => $"containers/{name.Split('/')[^1]}",
            "Microsoft.Storage/storageAccounts" => name.StartsWith("stfn", StringComparison.Ordinal) ? "host account" : "data account",
            _ => type,
        };
    }

    [GeneratedRegex(@"^\[extensionResourceId\('/subscriptions/[^/]+/resourceGroups/[^/]+/providers/(?<type>[^/]+/[^/]+)/(?<name>[^']+)'")]
    private static partial Regex ScopeId();
}
