using System.Text.Json.Nodes;

namespace QcsCloud.Deployment.Tests.Tooling;

/// <summary>
/// <c>bicep snapshot</c> of <c>bicep/main.bicep</c> (or of the one-time <c>bicep/bootstrap/deploy-identity.bicep</c>)
/// with given parameters, taken in a scratch folder (the .bicepparam must name the template by a relative path); the
/// predicted resources, diagnostics and outputs as JSON.
/// </summary>
public static class DeploymentSnapshot
{
    public const string Subscription = "00000000-0000-0000-0000-000000000001";
    public const string ResourceGroup = "rg-qcs-test";

    /// <summary>The deploy identity's principal id the bootstrap snapshots grant to.</summary>
    public const string DeployPrincipalId = "00000000-0000-4000-8000-0000000000d1";

    /// <summary><c>using '...main.bicep'</c> relative to <paramref name="scratch"/>.</summary>
    public static string UsingMain(DirectoryInfo scratch) => Using(scratch, "bicep", "main.bicep");

    /// <summary>
    /// The bootstrap an Owner deploys once (the documented command: only <c>deployPrincipalId</c>, plus
    /// <paramref name="parameters"/>): the job operator role and the deploy identity's grants.
    /// </summary>
    public static JsonObject TakeBootstrap(DirectoryInfo scratch, string name, string parameters = "") =>
        Take(scratch, name, $"""
            {Using(scratch, "bicep", "bootstrap", "deploy-identity.bicep")}
            param deployPrincipalId = '{DeployPrincipalId}'
            {parameters}
            """);

    private static string Using(DirectoryInfo scratch, params string[] template) =>
        $"using '{Path.GetRelativePath(scratch.FullName, RepositoryPaths.InRoot(template)).Replace('\\', '/')}'";

    /// <summary>The repository's own main.bicepparam, evaluated from <paramref name="scratch"/>.</summary>
    public static string RepositoryParameters(DirectoryInfo scratch) =>
        File.ReadAllText(RepositoryPaths.InRoot("bicep", "main.bicepparam")).Replace("using 'main.bicep'", UsingMain(scratch));

    public static ProcessResult Run(DirectoryInfo scratch, string name, string parameters)
    {
        var file = Path.Combine(scratch.FullName, $"{name}.bicepparam");
        File.WriteAllText(file, parameters);
        return BicepCli.Snapshot(file, Subscription, ResourceGroup, "swedencentral");
    }

    public static JsonObject Take(DirectoryInfo scratch, string name, string parameters)
    {
        var result = Run(scratch, name, parameters);
        Assert.AreEqual(0, result.ExitCode, result.ToString());
        return JsonNode.Parse(File.ReadAllText(Path.Combine(scratch.FullName, $"{name}.snapshot.json")))!.AsObject();
    }

    public static IEnumerable<JsonObject> Resources(JsonObject snapshot, string type) =>
        snapshot["predictedResources"]!.AsArray().Where(r => (string?)r!["type"] == type).Select(r => r!.AsObject());

    /// <summary>The Function App's settings, name -> value.</summary>
    public static Dictionary<string, string> AppSettings(JsonObject snapshot) =>
        Resources(snapshot, "Microsoft.Web/sites").Single()["properties"]!["siteConfig"]!["appSettings"]!.AsArray()
            .ToDictionary(s => (string)s!["name"]!, s => (string)s!["value"]!);
}
