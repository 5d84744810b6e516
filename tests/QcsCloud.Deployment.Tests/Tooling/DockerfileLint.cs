namespace QcsCloud.Deployment.Tests.Tooling;

/// <summary>
/// The Dockerfile validator of the Docker language service (npm <c>dockerfile-utils</c>; hadolint is not served
/// here). It exits 0 on warnings, so callers treat any printed finding as a failure.
/// </summary>
public static class DockerfileLint
{
    public const string Package = "dockerfile-utils@0.16.3";

    public static ProcessResult Run(string dockerfile) =>
        ToolProcess.Run("npx", ["--yes", Package, "lint", dockerfile], RepositoryPaths.Root, TimeSpan.FromMinutes(3),
            new Dictionary<string, string?> { ["NO_COLOR"] = "1", ["npm_config_update_notifier"] = "false" });
}
