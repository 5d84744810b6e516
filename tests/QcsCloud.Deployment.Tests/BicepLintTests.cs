using System.Text.Json;
using QcsCloud.Deployment.Tests.Tooling;

namespace QcsCloud.Deployment.Tests;

/// <summary>Every .bicep and .bicepparam file builds and lints with zero diagnostics of any level.</summary>
[TestClass]
public sealed class BicepLintTests
{
    private static string[] BicepFiles() =>
        Directory.GetFiles(RepositoryPaths.Bicep, "*.bicep", SearchOption.AllDirectories).Order().ToArray();

    [TestMethod]
    public void Every_bicep_file_lints_without_a_single_diagnostic()
    {
        var files = BicepFiles();
        Assert.IsGreaterThanOrEqualTo(10, files.Length, $"Expected main.bicep and its modules, found: {string.Join(", ", files)}");

        var (linted, diagnostics, process) = BicepCli.LintPattern($"{RepositoryPaths.Bicep}/**/*.bicep");

        // A pattern that matched fewer files would pass silently.
        Assert.AreEqual(files.Length, linted, process.ToString());
        Assert.IsEmpty(diagnostics, string.Join('\n', diagnostics));
        Assert.AreEqual(0, process.ExitCode, process.ToString());
    }

    [TestMethod]
    public void Every_parameter_file_lints_and_builds_without_a_single_diagnostic()
    {
        var files = Directory.GetFiles(RepositoryPaths.Bicep, "*.bicepparam", SearchOption.AllDirectories);
        Assert.IsNotEmpty(files, "No .bicepparam file under bicep/.");
        foreach (var file in files)
        {
            var lint = BicepCli.Lint(file);
            Assert.IsEmpty(lint.Diagnostics, string.Join('\n', lint.Diagnostics));
            Assert.AreEqual(0, lint.Process.ExitCode, lint.Process.ToString());

            var build = BicepCli.BuildParams(file);
            Assert.IsEmpty(build.Diagnostics, string.Join('\n', build.Diagnostics));
            Assert.AreEqual(0, build.Process.ExitCode, build.Process.ToString());
            using var output = JsonDocument.Parse(build.Json);
            Assert.IsTrue(output.RootElement.TryGetProperty("parametersJson", out _), build.Json);
        }
    }

    [TestMethod]
    public void Main_template_builds_without_a_single_diagnostic()
    {
        var (json, diagnostics, process) = BicepCli.Build(RepositoryPaths.InRoot("bicep", "main.bicep"));

        Assert.IsEmpty(diagnostics, string.Join('\n', diagnostics));
        Assert.AreEqual(0, process.ExitCode, process.ToString());
        Assert.AreEqual("2.0", (string?)ArmTemplate.Parse(json).Root["languageVersion"]);
    }

    [TestMethod]
    public void A_misspelled_property_is_caught_although_the_cli_exits_zero()
    {
        // Proves the lint test can fail: BCP089/BCP037 are warnings that leave the exit code at 0.
        var folder = Directory.CreateTempSubdirectory("qcs-bicep-");
        try
        {
            File.Copy(Path.Combine(RepositoryPaths.Bicep, "bicepconfig.json"), Path.Combine(folder.FullName, "bicepconfig.json"));
            File.WriteAllText(Path.Combine(folder.FullName, "broken.bicep"), """
                @description('Required. Location.')
                param location string

                resource account 'Microsoft.Storage/storageAccounts@2024-01-01' = {
                  name: 'stbroken${uniqueString(resourceGroup().id)}'
                  location: location
                  kind: 'StorageV2'
                  sku: {
                    name: 'Standard_LRS'
                  }
                  properties: {
                    allowSharedKeyAcess: false
                  }
                }
                """);

            var (linted, diagnostics, process) = BicepCli.LintPattern($"{folder.FullName}/**/*.bicep");

            Assert.AreEqual(1, linted, process.ToString());
            Assert.AreEqual(0, process.ExitCode, "the CLI is expected to exit 0 on type warnings: " + process);
            Assert.IsTrue(diagnostics.Any(d => d.Line == 12 && d.Message.Contains("allowSharedKeyAcess")), string.Join('\n', diagnostics));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [TestMethod]
    public void Every_linter_rule_in_bicepconfig_is_raised_to_error()
    {
        using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Bicep, "bicepconfig.json")),
            new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
        var rules = config.RootElement.GetProperty("analyzers").GetProperty("core").GetProperty("rules").EnumerateObject().ToList();

        Assert.IsGreaterThanOrEqualTo(30, rules.Count);
        foreach (var rule in rules)
            Assert.AreEqual("error", rule.Value.GetProperty("level").GetString(), $"rule {rule.Name}");
        foreach (var essential in new[] { "outputs-should-not-contain-secrets", "no-hardcoded-env-urls", "no-unused-params", "use-secure-value-for-secure-inputs" })
            Assert.IsTrue(rules.Any(r => r.Name == essential), $"bicepconfig.json does not configure {essential}");
    }
}
