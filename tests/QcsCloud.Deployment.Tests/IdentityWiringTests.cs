using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using QcsCloud.Core;
using QcsCloud.Deployment.Tests.Tooling;
using QcsCloud.Trainer.Storage;
using QcsCloud.Workflow;
using QcsCloud.Workflow.Launchers;

namespace QcsCloud.Deployment.Tests;

/// <summary>
/// The identity wiring of the resolved deployment (<c>bicep snapshot</c> of the repository's parameters) against the
/// operations the code declares next to the calls (<see cref="WorkflowAccess.Required"/>,
/// <see cref="JobStorageAccess.RequiredAccess"/>): every setting that names an identity names one the reading resource
/// has; every operation is granted to the identity that performs it, at exactly its resource; nothing else is granted.
/// </summary>
[TestClass]
public sealed partial class IdentityWiringTests
{
    private static DirectoryInfo scratch = null!;
    private static JsonObject snapshot = null!;
    private static JsonObject bootstrap = null!;

    [ClassInitialize]
    public static void SnapshotTheDeployment(TestContext _)
    {
        scratch = Directory.CreateTempSubdirectory("qcs-wiring-");
        snapshot = DeploymentSnapshot.Take(scratch, "wiring", DeploymentSnapshot.RepositoryParameters(scratch));
        // The custom role main.bicep assigns is defined once by the bootstrap (the same stack name by default).
        bootstrap = DeploymentSnapshot.TakeBootstrap(scratch, "wiring-bootstrap");
    }

    [ClassCleanup]
    public static void DeleteScratch() => scratch?.Delete(recursive: true);

    [TestMethod]
    public void Every_setting_that_names_an_identity_names_one_attached_to_the_resource_that_uses_it()
    {
        var site = Site();
        var problems = new List<string>();

        foreach (var (name, value) in DeploymentSnapshot.AppSettings(snapshot))
        {
            if (UserAssignedIn(value) is not { } identity) continue;
            var key = name.Replace("__", ":");
            var holder = WorkflowAccess.IdentitySettings.TryGetValue(key, out var h) ? h : IdentityHolder.FunctionApp;
            var holders = holder == IdentityHolder.Jobs ? Jobs().ToList() : [site];
            foreach (var resource in holders.Where(r => !Attached(r).Contains($"uai:{identity}", StringComparer.OrdinalIgnoreCase)))
                problems.Add($"{name} names {Short(identity)}, which {Short((string)resource["id"]!)} does not have (it has {string.Join(", ", Attached(resource).Select(Short))})");
        }
        foreach (var job in Jobs())
            foreach (var env in job["properties"]!["template"]!["containers"]!.AsArray().SelectMany(c => c!["env"]?.AsArray() ?? []))
                if ((string?)env!["name"] == "AZURE_CLIENT_ID" && UserAssignedIn((string)env["value"]!) is { } identity
                    && !Attached(job).Contains($"uai:{identity}", StringComparer.OrdinalIgnoreCase))
                    problems.Add($"{Short((string)job["id"]!)}'s AZURE_CLIENT_ID names {Short(identity)}, which the job does not have");

        Assert.IsEmpty(problems, string.Join("\n", problems));
    }

    [TestMethod]
    public void Every_operation_the_code_performs_is_granted_to_its_identity_at_exactly_its_resource()
    {
        var assignments = Assignments();

        var missing = Required()
            .Where(r => !assignments.Any(a => Same(a.Principal, r.Principal) && Same(a.Scope, r.Scope) && Permits(a.Role, r.Operation)))
            .Select(r => $"{Short(r.Principal)} needs {r.Operation} on {Short(r.Scope)} ({r.Why})")
            .Distinct().ToList();

        Assert.IsEmpty(missing, "not granted:\n" + string.Join("\n", missing) + "\n\ngranted:\n" + string.Join("\n", assignments.Select(Describe)));
    }

    [TestMethod]
    public void Nothing_is_granted_that_no_operation_needs()
    {
        var required = Required().ToList();
        var problems = new List<string>();

        foreach (var assignment in Assignments())
        {
            var needed = required.Where(r => Same(r.Principal, assignment.Principal) && Same(r.Scope, assignment.Scope)).ToList();
            var permissions = Permissions(assignment.Role);
            if (!needed.Any(r => Permits(assignment.Role, r.Operation)))
                problems.Add($"{Describe(assignment)}: no operation of this identity needs it at this scope");
            else if (!needed.Any(r => BuiltInRoles.BlobWrites.Contains(r.Operation)) && permissions.Any(p => BuiltInRoles.BlobWrites.Contains(p)))
                problems.Add($"{Describe(assignment)}: a role that writes blobs where this identity only reads");
            if (!BuiltInRoles.All.ContainsKey(assignment.Role))
                foreach (var action in permissions.Where(p => !needed.Any(r => r.Operation == p)))
                    problems.Add($"{Describe(assignment)}: the custom role grants {action}, which no operation needs");
        }

        Assert.IsEmpty(problems, string.Join("\n", problems));
    }

    [TestMethod]
    public void Jobs_read_datasets_write_only_staging_checkpoints_and_reports_and_have_nothing_in_the_host_account()
    {
        var jobs = JobsPrincipal();
        var grants = Assignments().Where(a => Same(a.Principal, jobs)).ToList();
        var dataAccount = StorageAccountId(DeploymentSnapshot.AppSettings(snapshot)["Qcs__Storage__AccountName"]);
        var hostAccount = StorageAccountId(DeploymentSnapshot.AppSettings(snapshot)["AzureWebJobsStorage__accountName"]);
        string[] Writable(string container) => [.. grants
            .Where(a => Same(a.Scope, $"{dataAccount}/blobServices/default/containers/{container}"))
            .SelectMany(a => Permissions(a.Role)).Where(p => BuiltInRoles.BlobWrites.Contains(p))];

        Assert.AreNotEqual(dataAccount, hostAccount, "the host's account (package, Durable hub) is not the data account");
        Assert.IsEmpty(grants.Where(a => a.Scope.StartsWith(hostAccount, StringComparison.OrdinalIgnoreCase)).Select(Describe), "jobs reach nothing of the host");
        Assert.IsEmpty(grants.Where(a => Same(a.Scope, dataAccount)).Select(Describe), "no account-wide blob role for the jobs");
        Assert.IsEmpty(Writable(BlobLayout.DatasetsContainer));
        foreach (var container in new[] { BlobLayout.StagingContainer, BlobLayout.CheckpointsContainer, BlobLayout.ReportsContainer })
            Assert.IsNotEmpty(Writable(container), container);
    }

    [TestMethod]
    public void The_job_operator_role_holds_exactly_the_launcher_actions_and_its_guid_follows_its_name()
    {
        var role = DeploymentSnapshot.Resources(bootstrap, "Microsoft.Authorization/roleDefinitions").Single();
        var actions = role["properties"]!["permissions"]![0]!["actions"]!.AsArray().Select(a => (string)a!).ToList();
        var otherMain = DeploymentSnapshot.Take(scratch, "other-stack", $"""
            {DeploymentSnapshot.UsingMain(scratch)}
            param name = 'qcsother'
            """);
        var otherRole = (string)DeploymentSnapshot.Resources(DeploymentSnapshot.TakeBootstrap(scratch, "other-bootstrap", "param name = 'qcsother'"),
            "Microsoft.Authorization/roleDefinitions").Single()["name"]!;

        CollectionAssert.AreEquivalent(ContainerAppsJobResource.RequiredAccess.Select(r => r.Operation).Distinct().ToList(), actions);
        Assert.IsEmpty(role["properties"]!["permissions"]![0]!["dataActions"]!.AsArray());
        Assert.AreNotEqual((string)role["name"]!, otherRole, "two stacks in one resource group get two role definitions");
        Assert.IsTrue(Assignments().Any(a => Same(a.Role, (string)role["name"]!)), "main assigns its stack's role");
        Assert.IsTrue(DeploymentSnapshot.Resources(otherMain, "Microsoft.Authorization/roleAssignments")
            .Any(a => ((string)a["properties"]!["roleDefinitionId"]!).EndsWith(otherRole, StringComparison.OrdinalIgnoreCase)), "the other stack assigns its own role");
    }

    // ---------------------------------------------------------------------------------------------

    private sealed record Grant(string Principal, string Scope, string Role);

    private sealed record Need(string Principal, string Scope, string Operation, string Why);

    /// <summary>The code's declarations, each with the identity that performs it and the resource id it reaches.</summary>
    private static IEnumerable<Need> Required()
    {
        var settings = DeploymentSnapshot.AppSettings(snapshot);
        var site = Site();
        var system = $"system:{(string)site["id"]!}";
        // DefaultAzureCredential without options: AZURE_CLIENT_ID when the app sets it, else the system identity.
        var storageIdentity = settings.TryGetValue("AZURE_CLIENT_ID", out var c) && UserAssignedIn(c) is { } u ? $"uai:{u}" : system;
        var hostIdentity = settings.TryGetValue("AzureWebJobsStorage__clientId", out var h) && UserAssignedIn(h) is { } hu ? $"uai:{hu}" : system;
        var armIdentity = settings.TryGetValue("Qcs__Jobs__ContainerApps__ArmManagedIdentityClientId", out var a) && UserAssignedIn(a) is { } au ? $"uai:{au}" : system;

        foreach (var r in WorkflowAccess.Required)
        {
            var principal = r.Target switch
            {
                AccessTarget.Job => armIdentity,
                AccessTarget.HostAccount => hostIdentity,
                _ => storageIdentity,
            };
            yield return new(principal, ScopeOf(r), r.Operation, $"workflow: {r.Why}");
        }
        foreach (var r in JobStorageAccess.RequiredAccess)
            yield return new(JobsPrincipal(), ScopeOf(r), r.Operation, $"trainer: {r.Why}");

        // Performed by Azure services with our identities, not by our code.
        foreach (var job in Jobs())
            foreach (var registry in job["properties"]!["configuration"]!["registries"]!.AsArray())
                yield return new($"uai:{(string)registry!["identity"]!}", RegistryId((string)registry["server"]!),
                    "Microsoft.ContainerRegistry/registries/pull/read", "Container Apps pulls the trainer image");
        if (settings.GetValueOrDefault("APPLICATIONINSIGHTS_AUTHENTICATION_STRING") == "Authorization=AAD")
            yield return new(system, (string)DeploymentSnapshot.Resources(snapshot, "Microsoft.Insights/components").Single()["id"]!,
                "Microsoft.Insights/Telemetry/Write", "the Functions host sends telemetry with Entra ID");
    }

    private static string ScopeOf(AccessRequirement r)
    {
        var settings = DeploymentSnapshot.AppSettings(snapshot);
        var data = StorageAccountId(settings["Qcs__Storage__AccountName"]);
        return r.Target switch
        {
            AccessTarget.DataContainer => $"{data}/blobServices/default/containers/{r.Name}",
            AccessTarget.DataAccount => data,
            AccessTarget.HostAccount => StorageAccountId(settings["AzureWebJobsStorage__accountName"]),
            AccessTarget.Job when r.Name == "stage" => settings.GetValueOrDefault("Qcs__Jobs__ContainerApps__StageJobResourceId") ?? settings["Qcs__Jobs__ContainerApps__TrainJobResourceId"],
            AccessTarget.Job => settings["Qcs__Jobs__ContainerApps__TrainJobResourceId"],
            _ => throw new ArgumentOutOfRangeException(nameof(r), r.Target, null),
        };
    }

    /// <summary>The jobs' identity as the app passes it on: the one <c>JobsManagedIdentityClientId</c> names.</summary>
    private static string JobsPrincipal()
    {
        var setting = DeploymentSnapshot.AppSettings(snapshot).GetValueOrDefault("Qcs__Jobs__ContainerApps__JobsManagedIdentityClientId");
        Assert.IsNotNull(setting, "the Function App does not pass the jobs' identity on (Qcs__Jobs__ContainerApps__JobsManagedIdentityClientId)");
        return $"uai:{UserAssignedIn(setting) ?? setting}";
    }

    private static List<Grant> Assignments() =>
        [.. DeploymentSnapshot.Resources(snapshot, "Microsoft.Authorization/roleAssignments").Select(r =>
        {
            var principal = PrincipalReference().Match((string)r["properties"]!["principalId"]!);
            var scope = AssignmentScope().Match((string)r["id"]!);
            Assert.IsTrue(principal.Success && scope.Success, r.ToJsonString());
            var kind = principal.Groups["path"].Value == "identity.principalId" ? "system" : "uai";
            return new Grant($"{kind}:{principal.Groups["id"].Value}", scope.Groups["scope"].Value,
                RoleGuid().Match((string)r["properties"]!["roleDefinitionId"]!).Value);
        })];

    private static string[] Permissions(string role)
    {
        if (BuiltInRoles.All.TryGetValue(role, out var builtIn)) return builtIn.Permissions;
        var custom = DeploymentSnapshot.Resources(snapshot, "Microsoft.Authorization/roleDefinitions")
            .Concat(DeploymentSnapshot.Resources(bootstrap, "Microsoft.Authorization/roleDefinitions"))
            .SingleOrDefault(d => string.Equals((string?)d["name"], role, StringComparison.OrdinalIgnoreCase));
        Assert.IsNotNull(custom, $"role {role} is neither a listed built-in role (Tooling/BuiltInRoles) nor defined by the templates (main or bootstrap)");
        return [.. custom["properties"]!["permissions"]!.AsArray().SelectMany(p =>
            (p!["actions"]?.AsArray() ?? []).Concat(p["dataActions"]?.AsArray() ?? []).Select(a => (string)a!))];
    }

    private static bool Permits(string role, string operation) =>
        Permissions(role).Any(p => p == operation || (p.EndsWith("/*") && operation.StartsWith(p[..^1], StringComparison.OrdinalIgnoreCase)));

    private static JsonObject Site() => DeploymentSnapshot.Resources(snapshot, "Microsoft.Web/sites").Single();

    private static IEnumerable<JsonObject> Jobs() => DeploymentSnapshot.Resources(snapshot, "Microsoft.App/jobs");

    /// <summary>Identities a resource has: <c>system:{its id}</c> and <c>uai:{identity id}</c>.</summary>
    private static List<string> Attached(JsonObject resource)
    {
        var identity = resource["identity"];
        var type = (string?)identity?["type"] ?? "None";
        var attached = new List<string>();
        if (type.Contains("SystemAssigned", StringComparison.OrdinalIgnoreCase)) attached.Add($"system:{(string)resource["id"]!}");
        attached.AddRange((identity?["userAssignedIdentities"]?.AsObject() ?? []).Select(p => $"uai:{p.Key}"));
        return attached;
    }

    private static string? UserAssignedIn(string value) => ClientIdReference().Match(value) is { Success: true } m ? m.Groups["id"].Value : null;

    private static string StorageAccountId(string name) =>
        $"/subscriptions/{DeploymentSnapshot.Subscription}/resourceGroups/{DeploymentSnapshot.ResourceGroup}/providers/Microsoft.Storage/storageAccounts/{name}";

    private static string RegistryId(string loginServer) =>
        (string)DeploymentSnapshot.Resources(snapshot, "Microsoft.ContainerRegistry/registries")
            .Single(r => loginServer.Contains((string)r["name"]!, StringComparison.OrdinalIgnoreCase))["id"]!;

    private static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    private static string Short(string id) => id.Contains("/providers/") ? id[(id.IndexOf("/providers/", StringComparison.Ordinal) + 11)..] : id;

    private static string Describe(Grant g) =>
        $"{Short(g.Principal)} holds {(BuiltInRoles.All.TryGetValue(g.Role, out var r) ? r.Name : $"custom role {g.Role}")} on {Short(g.Scope)}";

    [GeneratedRegex(@"reference\('(?<id>[^']+/userAssignedIdentities/[^']+)'[^)]*\)\.clientId", RegexOptions.IgnoreCase)]
    private static partial Regex ClientIdReference();

    [GeneratedRegex(@"reference\('(?<id>[^']+)'[^)]*\)\.(?<path>identity\.principalId|principalId)")]
    private static partial Regex PrincipalReference();

    [GeneratedRegex(@"^\[extensionResourceId\('(?<scope>[^']+)', 'Microsoft\.Authorization/roleAssignments'")]
    private static partial Regex AssignmentScope();

    [GeneratedRegex("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")]
    private static partial Regex RoleGuid();
}
