using QcsCloud.Deployment.Tests.Tooling;

namespace QcsCloud.Deployment.Tests;

/// <summary>The GitHub Actions workflows pass actionlint, and keep their deployment guards.</summary>
[TestClass]
public sealed class WorkflowLintTests
{
    /// <summary>Listed by name: a new workflow must be added here, so none escapes the lint.</summary>
    private static readonly string[] Workflows = ["ci.yml", "deploy.yml"];

    private static string Read(string name) => File.ReadAllText(Path.Combine(RepositoryPaths.Workflows, name));

    [TestMethod]
    public void The_listed_workflows_are_exactly_the_files_in_the_workflows_folder()
    {
        var present = Directory.GetFiles(RepositoryPaths.Workflows)
            .Where(f => f.EndsWith(".yml", StringComparison.Ordinal) || f.EndsWith(".yaml", StringComparison.Ordinal))
            .Select(Path.GetFileName).Order().ToArray();

        CollectionAssert.AreEqual(Workflows.Order().ToArray(), present);
    }

    [TestMethod]
    public void Every_workflow_passes_actionlint()
    {
        foreach (var workflow in Workflows)
        {
            var path = Path.Combine(RepositoryPaths.Workflows, workflow);
            Assert.IsTrue(File.Exists(path), path);

            var result = ActionLint.Run(path);

            // A glob that matched nothing prints "No workflow files found" and exits 0.
            StringAssert.Contains(result.StandardOutput, "Checking 1 workflow file(s)", result.ToString());
            Assert.AreEqual(0, result.ExitCode, result.ToString());
            StringAssert.Contains(result.StandardOutput, "passed lint checks", result.ToString());
        }
    }

    [TestMethod]
    public void Actionlint_reports_a_wrong_azure_login_input_and_a_missing_needs_job()
    {
        var folder = Directory.CreateTempSubdirectory("qcs-actionlint-");
        try
        {
            var path = Path.Combine(folder.FullName, "broken.yml");
            File.WriteAllText(path, """
                name: broken
                on: push
                jobs:
                  deploy:
                    runs-on: ubuntu-24.04
                    needs: build
                    steps:
                      - uses: azure/login@v2
                        with:
                          clientid: ${{ vars.AZURE_CLIENT_ID }}
                """);

            var result = ActionLint.Run(path);

            Assert.AreEqual(1, result.ExitCode, result.ToString());
            StringAssert.Contains(result.StandardOutput, "\"clientid\" is not defined", result.ToString());
            StringAssert.Contains(result.StandardOutput, "needs job \"build\" which does not exist", result.ToString());
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [TestMethod]
    public void Deploy_signs_in_with_openid_connect_and_ids_only()
    {
        var deploy = Read("deploy.yml");

        StringAssert.Contains(deploy, "id-token: write");
        Assert.DoesNotContain("secrets.", deploy, "deploy.yml must not use stored secrets: OIDC with ids from variables only");
        Assert.DoesNotContain("creds:", deploy);
        Assert.DoesNotContain("client-secret", deploy);
        var logins = deploy.Split("uses: azure/login@v2").Length - 1;
        Assert.IsGreaterThanOrEqualTo(4, logins);
        Assert.AreEqual(logins, deploy.Split("client-id: ${{ vars.AZURE_CLIENT_ID }}").Length - 1);
    }

    [TestMethod]
    public void Deploy_runs_bicep_pushes_the_image_publishes_functions_and_smoke_tests_under_guards()
    {
        var deploy = Read("deploy.yml");

        StringAssert.Contains(deploy, "--parameters bicep/main.bicepparam");
        StringAssert.Contains(deploy, "docker build -f infra/docker/Dockerfile.trainer ");
        StringAssert.Contains(deploy, "docker push");
        StringAssert.Contains(deploy, "Azure/functions-action@v1");
        StringAssert.Contains(deploy, "curl -fsS -H \"x-functions-key: $key\" \"$URL/runs\"");
        // One deployment per environment at a time, never cancelled half-way.
        StringAssert.Contains(deploy, "concurrency:");
        StringAssert.Contains(deploy, "cancel-in-progress: false");
        Assert.IsGreaterThanOrEqualTo(4, deploy.Split("environment:").Length - 1);
        Assert.IsTrue(File.Exists(RepositoryPaths.InRoot("infra", "docker", "Dockerfile.trainer")));
        Assert.IsTrue(File.Exists(RepositoryPaths.InRoot("bicep", "main.bicepparam")));
    }

    [TestMethod]
    [DataRow("deploy.yml", DockerfileTests.Gpu, "image:")]
    [DataRow("ci.yml", DockerfileTests.Cpu, "image-cpu:")]
    public void Workflow_publishes_with_the_dockerfile_publish_line_then_builds_that_image(string workflow, string dockerfile, string job)
    {
        var text = Read(workflow);
        var start = text.IndexOf($"\n  {job}\n", StringComparison.Ordinal);
        Assert.IsGreaterThanOrEqualTo(0, start, $"{workflow}: no job '{job}'");
        var next = text.IndexOf("\n  ", start + job.Length + 4, StringComparison.Ordinal);
        while (next >= 0 && text[next + 3] == ' ') next = text.IndexOf("\n  ", next + 1, StringComparison.Ordinal);
        var body = next < 0 ? text[start..] : text[start..next];
        var publishCommand = DockerfileTests.Load(dockerfile).PublishCommand;

        var setup = body.IndexOf("uses: actions/setup-dotnet@v4", StringComparison.Ordinal);
        var publish = body.IndexOf(publishCommand, StringComparison.Ordinal);
        var build = body.IndexOf($"docker build -f infra/docker/{dockerfile} ", StringComparison.Ordinal);
        Assert.IsGreaterThanOrEqualTo(0, setup, $"{workflow} {job} does not set up .NET");
        StringAssert.Contains(body[setup..], "global-json-file: global.json");
        Assert.IsGreaterThan(setup, publish, $"{workflow} {job} does not run '{publishCommand}' after setting up .NET");
        Assert.IsGreaterThan(publish, build, $"{workflow} {job} does not build {dockerfile} after publishing");
        StringAssert.EndsWith(body[build..].Split('\n')[0].Trim(), " .", $"{workflow}: the context is the repository root, filtered by {dockerfile}.dockerignore");
        Assert.DoesNotContain("rm -rf /usr/share/dotnet", body, "the SDK setup-dotnet installs lives there");
    }

    [TestMethod]
    public void Ci_runs_the_repository_test_script_and_lints_bicep_and_workflows()
    {
        var ci = Read("ci.yml");

        StringAssert.Contains(ci, "bash infra/scripts/test.sh");
        StringAssert.Contains(ci, "lint --pattern 'bicep/**/*.bicep' --no-restore");
        StringAssert.Contains(ci, $"npx --yes {ActionLint.Package}");
        StringAssert.Contains(ci, "test \"$count\" -ge 2");
        StringAssert.Contains(ci, $"npx --yes {DockerfileLint.Package} lint");
        Assert.IsTrue(File.Exists(RepositoryPaths.InRoot("infra", "scripts", "test.sh")));
    }
}
