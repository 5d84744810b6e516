using System.Reflection;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using QcsCloud.Workflow;
using QcsCloud.Workflow.Configuration;

namespace QcsCloud.Functions.Tests;

/// <summary>The settings samples in infra/settings bind to the workflow's options, name for name.</summary>
[TestClass]
public sealed class SettingsSampleTests
{
    private static readonly Dictionary<string, Type> Sections = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Qcs:Storage"] = typeof(StorageOptions),
        ["Qcs:Workflow"] = typeof(WorkflowOptions),
        ["Qcs:Jobs"] = typeof(JobLauncherOptions),
    };

    [TestMethod]
    public void Every_Qcs_setting_in_the_samples_names_a_real_option()
    {
        var unknown = LocalSettings().Concat(AzureSettings())
            .Select(s => s.Key)
            .Where(key => key.StartsWith("Qcs:", StringComparison.OrdinalIgnoreCase) && !Binds(key))
            .ToList();

        Assert.IsEmpty(unknown, "settings that bind to nothing: " + string.Join(", ", unknown));
    }

    [TestMethod]
    public void The_func_start_sample_passes_the_workflow_option_validation()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(LocalSettings()).Build();
        var services = new ServiceCollection().AddLogging().AddQcsWorkflow(configuration).BuildServiceProvider();

        Assert.AreEqual(JobLauncherKind.LocalProcess, services.GetRequiredService<IOptions<JobLauncherOptions>>().Value.Kind);
        Assert.AreEqual("UseDevelopmentStorage=true", services.GetRequiredService<IOptions<StorageOptions>>().Value.ConnectionString);
        Assert.AreEqual(TimeSpan.FromSeconds(5), services.GetRequiredService<IOptions<WorkflowOptions>>().Value.PollInterval);
    }

    [TestMethod]
    public void The_Azure_sample_uses_identity_based_storage_only()
    {
        var settings = AzureSettings().ToDictionary(s => s.Key, s => s.Value, StringComparer.OrdinalIgnoreCase);

        Assert.IsTrue(settings.ContainsKey("AzureWebJobsStorage:accountName"));
        Assert.IsTrue(settings.ContainsKey("Qcs:Storage:AccountName"));
        Assert.IsFalse(settings.Keys.Any(k => k.Contains("ConnectionString", StringComparison.OrdinalIgnoreCase) || k.Equals("AzureWebJobsStorage", StringComparison.OrdinalIgnoreCase)),
            string.Join(", ", settings.Keys));
        Assert.IsFalse(settings.Values.Any(v => v?.Contains("AccountKey=", StringComparison.OrdinalIgnoreCase) == true));
    }

    /// <summary>Walks <c>Qcs:Section:Property:...</c> through the options classes (dictionaries take any key).</summary>
    private static bool Binds(string key)
    {
        var section = Sections.Keys.FirstOrDefault(s => key.StartsWith(s + ":", StringComparison.OrdinalIgnoreCase));
        if (section is null) return false;
        var type = Sections[section];
        foreach (var part in key[(section.Length + 1)..].Split(':'))
        {
            if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Dictionary<,>)) return true;
            var property = type.GetProperty(part, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
            if (property is null) return false;
            type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        }
        return true;
    }

    private static IEnumerable<KeyValuePair<string, string?>> LocalSettings()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Sample("local.settings.sample.json")));
        return document.RootElement.GetProperty("Values").EnumerateObject()
            .Select(p => new KeyValuePair<string, string?>(p.Name.Replace("__", ":"), p.Value.GetString()))
            .ToList();
    }

    private static IEnumerable<KeyValuePair<string, string?>> AzureSettings()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Sample("azure.appsettings.sample.json")));
        return document.RootElement.EnumerateArray()
            .Select(e => new KeyValuePair<string, string?>(e.GetProperty("name").GetString()!.Replace("__", ":"), e.GetProperty("value").GetString()))
            .ToList();
    }

    private static string Sample(string name) => Path.Combine(FunctionsBuild.RepoRoot, "infra", "settings", name);
}
