using System.ComponentModel.DataAnnotations;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using QcsCloud.Deployment.Tests.Tooling;
using QcsCloud.Workflow.Api;
using QcsCloud.Workflow.Configuration;

namespace QcsCloud.Deployment.Tests;

/// <summary>The deployment's hardening, read from the same snapshots: sign-in, caps, audit logs, transport, image digests.</summary>
public sealed partial class DeploymentSnapshotTests
{
    [TestMethod]
    public void The_api_answers_only_callers_with_an_entra_id_token_for_the_named_app_registration()
    {
        var auth = Authentication(a100);
        var entra = auth["identityProviders"]!["azureActiveDirectory"]!;

        Assert.IsTrue((bool)auth["platform"]!["enabled"]!);
        Assert.IsTrue((bool)auth["globalValidation"]!["requireAuthentication"]!);
        Assert.AreEqual("Return401", (string?)auth["globalValidation"]!["unauthenticatedClientAction"]);
        Assert.IsTrue((bool)auth["httpSettings"]!["requireHttps"]!);
        Assert.IsTrue((bool)entra["enabled"]!);
        Assert.AreEqual(ApiClientId, (string?)entra["registration"]!["clientId"]);
        StringAssert.Contains((string?)entra["registration"]!["openIdIssuer"], "tenant().tenantId");
        CollectionAssert.Contains(entra["validation"]!["allowedAudiences"]!.AsArray().Select(a => (string?)a).ToList(), $"api://{ApiClientId}");
        // The app registration must define the roles the functions check (RunsRoutes): the deployment names them.
        CollectionAssert.AreEquivalent(new[] { ApiRoles.Submit, ApiRoles.Read }, a100["outputs"]!["apiAppRoles"]!.AsArray().Select(r => (string?)r).ToArray());
    }

    [TestMethod]
    public void Without_an_app_registration_the_api_still_requires_sign_in_and_so_refuses_everyone()
    {
        var auth = Authentication(defaults);

        Assert.IsTrue((bool)auth["globalValidation"]!["requireAuthentication"]!);
        Assert.AreEqual("Return401", (string?)auth["globalValidation"]!["unauthenticatedClientAction"]);
        Assert.IsFalse((bool)auth["identityProviders"]!["azureActiveDirectory"]!["enabled"]!);
    }

    [TestMethod]
    public void Every_limit_the_workflow_reads_is_set_and_the_settings_pass_its_validation()
    {
        var settings = AppSettings(defaults);
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key.Replace("__", ":"), (string?)s.Value)))
            .Build();
        var limits = configuration.GetSection(LimitsOptions.Section).Get<LimitsOptions>()!;
        var prefix = LimitsOptions.Section.Replace(":", "__");

        // StepSeconds overrides the preview's shipped step-time table with a deployment's own measurements: the template
        // has none to give, so it sets only the device column (Device = the GPU kind).
        foreach (var property in typeof(LimitsOptions).GetProperties().Where(p => p.Name != nameof(LimitsOptions.StepSeconds)))
            Assert.IsTrue(settings.ContainsKey($"{prefix}__{property.Name}"), $"{prefix}__{property.Name} is not set: its default would apply in Azure");
        var errors = new List<ValidationResult>();
        Assert.IsTrue(Validator.TryValidateObject(limits, new ValidationContext(limits), errors, validateAllProperties: true), string.Join("; ", errors));
        Assert.IsTrue(limits.RequireGpuHourBudget, "every plan states its GPU-hour budget in Azure");
        Assert.AreEqual(200, limits.MaxGpuHourBudget);
        Assert.AreEqual(100, limits.MaxJobsPerRun);
        Assert.AreEqual(16, limits.MaxConcurrentJobs);
        Assert.AreEqual("T4", limits.Device, "the default GPU profile's kind");
    }

    [TestMethod]
    [DataRow("Microsoft.Storage/storageAccounts/blobServices", 2)]
    [DataRow("Microsoft.Web/sites", 1)]
    [DataRow("Microsoft.ContainerRegistry/registries", 1)]
    [DataRow("Microsoft.App/managedEnvironments", 1)]
    public void Every_audited_resource_sends_all_its_logs_to_the_log_analytics_workspace(string type, int count)
    {
        var workspace = Single(defaults, "Microsoft.OperationalInsights/workspaces")["id"]!.GetValue<string>();
        var settings = DeploymentSnapshot.Resources(defaults, "Microsoft.Insights/diagnosticSettings")
            .ToDictionary(d => (string)d["id"]!, d => d["properties"]!);
        var audited = DeploymentSnapshot.Resources(defaults, type).ToList();

        Assert.HasCount(count, audited);
        foreach (var resource in audited)
        {
            var id = $"{(string)resource["id"]!}/providers/Microsoft.Insights/diagnosticSettings/to-log-analytics";
            Assert.IsTrue(settings.TryGetValue(id, out var setting), $"{resource["name"]}: no diagnostic setting");
            Assert.AreEqual(workspace, (string?)setting["workspaceId"]);
            Assert.IsTrue(setting["logs"]!.AsArray().Any(l => (string?)l!["categoryGroup"] == "allLogs" && (bool)l["enabled"]!), $"{resource["name"]}: not all logs");
        }
    }

    [TestMethod]
    public void Both_storage_accounts_take_https_only_with_tls_1_2_and_no_keys()
    {
        var accounts = DeploymentSnapshot.Resources(defaults, "Microsoft.Storage/storageAccounts").ToList();

        Assert.HasCount(2, accounts);
        foreach (var properties in accounts.Select(a => a["properties"]!))
        {
            Assert.IsTrue((bool)properties["supportsHttpsTrafficOnly"]!);
            Assert.AreEqual("TLS1_2", (string?)properties["minimumTlsVersion"]);
            Assert.IsFalse((bool)properties["allowSharedKeyAccess"]!);
        }
    }

    private static JsonNode Authentication(JsonObject snapshot) =>
        DeploymentSnapshot.Resources(snapshot, "Microsoft.Web/sites/config")
            .Single(c => ((string)c["name"]!).EndsWith("/authsettingsV2", StringComparison.Ordinal))["properties"]!;
}
