using QcsCloud.Deployment.Tests.Tooling;
using YamlDotNet.RepresentationModel;

namespace QcsCloud.Deployment.Tests;

/// <summary>The GitHub Actions workflows pass actionlint, and keep their deployment guards.</summary>
[TestClass]
public sealed class WorkflowLintTests
{
    /// <summary>Listed by name: a new workflow must be added here, so none escapes the lint.</summary>
    private static readonly string[] Workflows = ["ci.yml", "deploy.yml"];

    private const string AzureLogin = "azure/login";

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
        var logins = GitHubWorkflow.Load("deploy.yml").Jobs.SelectMany(j => j.Uses).Count(u => u.Action == AzureLogin);
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
        CollectionAssert.Contains(GitHubWorkflow.Load("deploy.yml").Job("functions").Uses.Select(u => u.Action).ToList(), "Azure/functions-action");
        StringAssert.Contains(deploy, "curl -fsS -H \"Authorization: Bearer $token\" -H \"x-functions-key: $key\" \"$URL/runs\"");
        StringAssert.Contains(deploy, "az account get-access-token --resource \"api://$API_CLIENT_ID\"");
        // One deployment per environment at a time, never cancelled half-way.
        StringAssert.Contains(deploy, "concurrency:");
        StringAssert.Contains(deploy, "cancel-in-progress: false");
        Assert.IsGreaterThanOrEqualTo(4, deploy.Split("environment:").Length - 1);
        Assert.IsTrue(File.Exists(RepositoryPaths.InRoot("infra", "docker", "Dockerfile.trainer")));
        Assert.IsTrue(File.Exists(RepositoryPaths.InRoot("bicep", "main.bicepparam")));
    }

    [TestMethod]
    public void Deploy_points_the_jobs_at_the_pushed_image_by_digest_and_names_the_api_app_registration()
    {
        var deploy = Read("deploy.yml");

        var push = deploy.IndexOf("docker push \"$IMAGE\"", StringComparison.Ordinal);
        var digest = deploy.IndexOf("{{index .RepoDigests 0}}", StringComparison.Ordinal);
        Assert.IsGreaterThan(push, digest, "the digest is known only after the push");
        StringAssert.Contains(deploy, "trainerImage=\"$IMAGE_DIGEST\"");
        Assert.DoesNotContain("trainerImage=\"$IMAGE\"", deploy, "a tag can be moved: the jobs run the digest");
        // A redeploy keeps the image in use only when it is a digest from this deployment's registry.
        StringAssert.Contains(deploy, "[[ \"$current\" == \"$registry/\"*\"@sha256:\"* ]]");
        Assert.AreEqual(2, deploy.Split("apiClientId=\"$API_CLIENT_ID\"").Length - 1, "both deployments name the API app registration");
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

        var setup = body.IndexOf("uses: actions/setup-dotnet@", StringComparison.Ordinal);
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
    [TestMethod]
    [DataRow("ci.yml")]
    [DataRow("deploy.yml")]
    public void Every_action_is_pinned_to_a_full_commit_sha_with_its_version_in_a_comment(string workflow)
    {
        var parsed = GitHubWorkflow.Load(workflow);

        Assert.IsNotEmpty(parsed.Jobs.SelectMany(j => j.Uses).ToList(), $"{workflow}: no uses: lines read");
        var unpinned = parsed.UnpinnedActions().ToList();
        Assert.IsEmpty(unpinned, $"{workflow}: {string.Join("; ", unpinned)}");
    }

    [TestMethod]
    public void The_pin_check_refuses_tags_branches_short_shas_and_shas_without_a_version_comment()
    {
        var parsed = GitHubWorkflow.Parse("""
            on: push
            jobs:
              build:
                runs-on: ubuntu-24.04
                steps:
                  - uses: actions/checkout@v4
                  - uses: actions/checkout@main
                  - uses: actions/checkout@11d5960 # v4.4.0
                  - uses: actions/checkout@11d5960a326750d5838078e36cf38b85af677262
                  - uses: actions/checkout@11d5960a326750d5838078e36cf38b85af677262 # latest
                  - uses: actions/checkout@11d5960a326750d5838078e36cf38b85af677262 # v4.4.0
            """);

        var unpinned = parsed.UnpinnedActions().ToList();

        Assert.HasCount(5, unpinned, string.Join("; ", unpinned));
        Assert.IsFalse(unpinned.Any(u => u.Contains("line 11", StringComparison.Ordinal)), string.Join("; ", unpinned));
    }

    [TestMethod]
    [DataRow("ci.yml")]
    [DataRow("deploy.yml")]
    public void The_workflow_grants_nothing_by_default_and_every_job_names_its_own_read_only_permissions(string workflow)
    {
        var parsed = GitHubWorkflow.Load(workflow);

        Assert.IsNotNull(parsed.Permissions, $"{workflow}: top-level permissions missing (the default token may write)");
        Assert.IsEmpty(parsed.Permissions, $"{workflow}: top-level permissions must be {{}}");
        foreach (var job in parsed.Jobs)
        {
            Assert.IsNotNull(job.Permissions, $"{workflow} {job.Id}: no permissions");
            Assert.IsFalse(job.Permissions.ContainsKey("*"), $"{workflow} {job.Id}: read-all/write-all");
            foreach (var (scope, level) in job.Permissions)
                Assert.IsTrue(level is "read" or "none" || (scope, level) == ("id-token", "write"), $"{workflow} {job.Id}: {scope}: {level}");
        }
    }

    [TestMethod]
    [DataRow("ci.yml")]
    [DataRow("deploy.yml")]
    public void Only_the_jobs_that_sign_in_to_azure_can_request_an_id_token(string workflow)
    {
        foreach (var job in GitHubWorkflow.Load(workflow).Jobs)
        {
            var signsIn = job.Uses.Any(u => u.Action == AzureLogin);
            var idToken = job.Permissions?.GetValueOrDefault("id-token") == "write";

            Assert.AreEqual(signsIn, idToken, $"{workflow} {job.Id}: signs in to Azure = {signsIn}, id-token: write = {idToken}");
        }
        Assert.IsNull(GitHubWorkflow.Load("deploy.yml").Job("package").Permissions!.GetValueOrDefault("id-token"));
    }

    [TestMethod]
    public void Production_deploys_start_only_from_protected_refs()
    {
        var deploy = GitHubWorkflow.Load("deploy.yml");

        // Each job is guarded itself or waits for a guarded job (a skipped job skips the jobs that need it).
        bool Guarded(WorkflowJob job) =>
            job.Condition?.Contains("github.ref_protected", StringComparison.Ordinal) == true || job.Needs.Any(n => Guarded(deploy.Job(n)));
        foreach (var job in deploy.Jobs)
            Assert.IsTrue(Guarded(job), $"deploy.yml {job.Id} can run from an unprotected ref");
        foreach (var root in deploy.Jobs.Where(j => j.Needs.Count == 0))
            StringAssert.Contains(root.Condition, "(inputs.environment || 'production') != 'production'", root.Id);
    }

    [TestMethod]
    public void Dependabot_updates_the_actions_the_nuget_packages_and_the_base_image_digests()
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(File.ReadAllText(RepositoryPaths.InRoot(".github", "dependabot.yml"))));
        var root = (YamlMappingNode)stream.Documents.Single().RootNode;

        Assert.AreEqual("2", root["version"].ToString());
        var updates = ((YamlSequenceNode)root["updates"]).Children
            .Cast<YamlMappingNode>()
            .ToDictionary(u => u["package-ecosystem"].ToString(), u => u["directory"].ToString());
        CollectionAssert.AreEquivalent(new[] { "github-actions", "nuget", "docker" }, updates.Keys.ToArray());
        Assert.AreEqual("/", updates["github-actions"]);
        Assert.AreEqual("/", updates["nuget"]);
        Assert.AreEqual("/infra/docker", updates["docker"], "the Dockerfiles' folder");
    }
}
