using System.Reflection;

namespace QcsCloud.Deployment.Tests.Tooling;

/// <summary>Where the repository and the Bicep CLI are, as baked in at build time by the project file.</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = Metadata("RepositoryRoot");

    /// <summary>The Bicep CLI from the Azure.Bicep.CommandLine.linux-x64 package.</summary>
    public static string BicepExecutable { get; } = Metadata("BicepPath");

    public static string Bicep => Path.Combine(Root, "bicep");
    public static string Workflows => Path.Combine(Root, ".github", "workflows");
    public static string Docker => Path.Combine(Root, "infra", "docker");

    public static string InRoot(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string Metadata(string key) =>
        typeof(RepositoryPaths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .SingleOrDefault(a => a.Key == key)?.Value
        ?? throw new InvalidOperationException($"Assembly metadata '{key}' is missing: see QcsCloud.Deployment.Tests.csproj.");
}
