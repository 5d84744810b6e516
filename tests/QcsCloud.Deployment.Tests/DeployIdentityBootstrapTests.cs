using System.Text.Json.Nodes;
using QcsCloud.Deployment.Tests.Tooling;

namespace QcsCloud.Deployment.Tests;

/// <summary>
/// The one-time bootstrap an Owner deploys (<c>bicep/bootstrap/deploy-identity.bicep</c>) against the resolved main
/// deployment: the deploy identity holds Contributor and Role Based Access Control Administrator whose ABAC condition
/// lets it assign and remove exactly the roles <c>main.bicep</c> assigns, and <c>main.bicep</c> defines no role, so
/// deploying it needs no <c>roleDefinitions/write</c> and no Owner.
/// </summary>
[TestClass]
public sealed class DeployIdentityBootstrapTests
{
    private const string Contributor = "b24988ac-6180-42a0-ab88-20f7382dd24c";
    private const string RbacAdministrator = "f58310d9-a9f6-439a-9e8d-f62e7b41a168";
    private const string Owner = "8e3af657-a8ff-443c-a75c-2fe8c4bcb635";
    private const string UserAccessAdministrator = "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9";
    private const string Reader = "acdd72a7-3385-48ef-bd42-f606fba81ae7";
    private static DirectoryInfo scratch = null!;
    private static JsonObject main = null!;
    private static JsonObject bootstrap = null!;

    [ClassInitialize]
    public static void SnapshotBothDeployments(TestContext _)
    {
        scratch = Directory.CreateTempSubdirectory("qcs-bootstrap-");
        main = DeploymentSnapshot.Take(scratch, "main", DeploymentSnapshot.RepositoryParameters(scratch));
        bootstrap = DeploymentSnapshot.TakeBootstrap(scratch, "bootstrap");
    }

    [ClassCleanup]
    public static void DeleteScratch() => scratch?.Delete(recursive: true);

    [TestMethod]
    public void Bootstrap_template_lints_and_builds_without_a_single_diagnostic()
    {
        var file = RepositoryPaths.InRoot("bicep", "bootstrap", "deploy-identity.bicep");

        var lint = BicepCli.Lint(file);
        var (json, diagnostics, process) = BicepCli.Build(file);

        Assert.IsEmpty(lint.Diagnostics, string.Join('\n', lint.Diagnostics));
        Assert.AreEqual(0, lint.Process.ExitCode, lint.Process.ToString());
        Assert.IsEmpty(diagnostics, string.Join('\n', diagnostics));
        Assert.AreEqual(0, process.ExitCode, process.ToString());
        Assert.AreEqual("2.0", (string?)ArmTemplate.Parse(json).Root["languageVersion"]);
        Assert.IsEmpty(bootstrap["diagnostics"]!.AsArray());
    }

    [TestMethod]
    public void The_deploy_identity_may_assign_and_remove_exactly_the_roles_main_assigns()
    {
        var assigned = RoleGuids(main);
        var condition = RoleAssignmentCondition.Parse(Condition());

        Assert.IsNotEmpty(assigned);
        CollectionAssert.AreEquivalent(assigned, condition.RolesByAction[RoleAssignmentCondition.Write].ToList(),
            $"write: main assigns {string.Join(", ", assigned)}; rerun the bootstrap's list (modules/roles.bicep) with main.bicep");
        CollectionAssert.AreEquivalent(assigned, condition.RolesByAction[RoleAssignmentCondition.Delete].ToList(),
            $"delete: main assigns {string.Join(", ", assigned)}");
    }

    [TestMethod]
    public void The_condition_constrains_write_and_delete_and_allows_no_other_role()
    {
        var assignment = DeployGrant(RbacAdministrator);
        var condition = RoleAssignmentCondition.Parse(Condition());

        Assert.AreEqual("2.0", (string?)assignment["properties"]!["conditionVersion"]);
        CollectionAssert.AreEquivalent(new[] { RoleAssignmentCondition.Write, RoleAssignmentCondition.Delete }, condition.RolesByAction.Keys.ToList());
        foreach (var action in new[] { RoleAssignmentCondition.Write, RoleAssignmentCondition.Delete })
        {
            foreach (var broad in new[] { Owner, UserAccessAdministrator, RbacAdministrator, Contributor, Reader, Guid.NewGuid().ToString() })
                Assert.IsFalse(condition.Allows(action, broad), $"{action} allowed for {broad}");
            foreach (var role in RoleGuids(main))
                Assert.IsTrue(condition.Allows(action, role), $"{action} refused for {role}, which main assigns");
        }
    }

    [TestMethod]
    public void The_deploy_identity_gets_contributor_and_the_constrained_rbac_administrator_and_nothing_else()
    {
        var grants = DeploymentSnapshot.Resources(bootstrap, "Microsoft.Authorization/roleAssignments").ToList();

        CollectionAssert.AreEquivalent(new[] { Contributor, RbacAdministrator }, grants.Select(RoleGuid).ToList());
        Assert.IsTrue(grants.All(g => (string?)g["properties"]!["principalId"] == DeploymentSnapshot.DeployPrincipalId));
        Assert.IsNull(DeployGrant(Contributor)["properties"]!["condition"], "Contributor cannot assign roles; it needs no condition");
        Assert.IsFalse(string.IsNullOrWhiteSpace((string?)DeployGrant(RbacAdministrator)["properties"]!["condition"]));
        Assert.IsTrue(grants.All(g => ((string)g["id"]!).StartsWith(
            $"/subscriptions/{DeploymentSnapshot.Subscription}/resourceGroups/{DeploymentSnapshot.ResourceGroup}/providers/Microsoft.Authorization/", StringComparison.Ordinal)),
            "on the resource group, not wider");
    }

    [TestMethod]
    public void A_second_stack_in_the_resource_group_adds_its_own_constrained_assignment_instead_of_replacing_the_first()
    {
        var other = DeploymentSnapshot.TakeBootstrap(scratch, "other-bootstrap", "param name = 'qcsother'");
        var otherAssigner = DeploymentSnapshot.Resources(other, "Microsoft.Authorization/roleAssignments").Single(a => RoleGuid(a) == RbacAdministrator);
        var otherRole = (string)DeploymentSnapshot.Resources(other, "Microsoft.Authorization/roleDefinitions").Single()["name"]!;

        Assert.AreNotEqual((string?)DeployGrant(RbacAdministrator)["id"], (string?)otherAssigner["id"], "one assignment per stack");
        Assert.IsTrue(RoleAssignmentCondition.Parse((string)otherAssigner["properties"]!["condition"]!).Allows(RoleAssignmentCondition.Write, otherRole));
        Assert.IsFalse(RoleAssignmentCondition.Parse(Condition()).Allows(RoleAssignmentCondition.Write, otherRole), "each condition names its own stack's role");
    }

    [TestMethod]
    public void Main_defines_no_role_and_assigns_the_job_operator_role_the_bootstrap_defines()
    {
        var defined = DeploymentSnapshot.Resources(bootstrap, "Microsoft.Authorization/roleDefinitions").Single();
        var build = BicepCli.Build(RepositoryPaths.InRoot("bicep", "main.bicep"));
        var declared = ArmTemplate.Parse(build.Json).ResourcesOfType("Microsoft.Authorization/roleDefinitions").ToList();

        Assert.IsEmpty(DeploymentSnapshot.Resources(main, "Microsoft.Authorization/roleDefinitions").Select(r => (string?)r["id"]));
        Assert.IsNotEmpty(declared);
        Assert.IsTrue(declared.All(r => (bool?)r["existing"] == true), "main.bicep only references role definitions (existing)");
        CollectionAssert.Contains(RoleGuids(main), ((string)defined["name"]!).ToLowerInvariant());
        Assert.AreEqual((string?)bootstrap["outputs"]!["jobOperatorRoleGuid"], (string)defined["name"]!);
    }

    // ---------------------------------------------------------------------------------------------

    /// <summary>The role definition GUIDs of every role assignment in a resolved deployment (lower case, distinct).</summary>
    private static List<string> RoleGuids(JsonObject snapshot) =>
        [.. DeploymentSnapshot.Resources(snapshot, "Microsoft.Authorization/roleAssignments").Select(RoleGuid).Distinct().Order()];

    private static string RoleGuid(JsonObject assignment) =>
        ((string)assignment["properties"]!["roleDefinitionId"]!).Split('/')[^1].ToLowerInvariant();

    private static JsonObject DeployGrant(string role) =>
        DeploymentSnapshot.Resources(bootstrap, "Microsoft.Authorization/roleAssignments").Single(a => RoleGuid(a) == role);

    private static string Condition() => (string)DeployGrant(RbacAdministrator)["properties"]!["condition"]!;
}
