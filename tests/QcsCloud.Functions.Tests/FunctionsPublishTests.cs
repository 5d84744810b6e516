using System.Text.Json;

namespace QcsCloud.Functions.Tests;

/// <summary>The deployable package: what <c>dotnet publish</c> hands to Flex Consumption.</summary>
[TestClass]
public sealed class FunctionsPublishTests
{
    [TestMethod]
    public void The_publish_output_carries_the_repository_host_json()
    {
        var published = File.ReadAllText(Path.Combine(FunctionsBuild.PublishDirectory, "host.json"));

        Assert.AreEqual(File.ReadAllText(Path.Combine(FunctionsBuild.RepoRoot, "host.json")), published);
        using var host = JsonDocument.Parse(published);
        Assert.AreEqual("2.0", host.RootElement.GetProperty("version").GetString());
        var durable = host.RootElement.GetProperty("extensions").GetProperty("durableTask");
        Assert.AreEqual("AzureStorage", durable.GetProperty("storageProvider").GetProperty("type").GetString());
        Assert.IsFalse(string.IsNullOrEmpty(durable.GetProperty("hubName").GetString()));
    }

    [TestMethod]
    public void The_publish_output_registers_the_Durable_and_HTTP_extensions_and_lists_the_functions()
    {
        var extensionsPath = Directory.EnumerateFiles(FunctionsBuild.PublishDirectory, "extensions.json", SearchOption.AllDirectories).FirstOrDefault();
        Assert.IsNotNull(extensionsPath, $"no extensions.json under {FunctionsBuild.PublishDirectory}");
        var extensions = File.ReadAllText(extensionsPath);

        StringAssert.Contains(extensions, "DurableTask");
        Assert.IsTrue(File.Exists(Path.Combine(FunctionsBuild.PublishDirectory, "QcsCloud.Functions.dll")));
        Assert.IsNotEmpty(FunctionsBuild.ReadMetadata(FunctionsBuild.PublishDirectory));
    }

    [TestMethod]
    public void The_publish_output_carries_no_TorchSharp()
    {
        var torch = Directory.EnumerateFiles(FunctionsBuild.PublishDirectory, "*", SearchOption.AllDirectories)
            .Where(f => Path.GetFileName(f).Contains("torch", StringComparison.OrdinalIgnoreCase))
            .ToList();

        Assert.IsEmpty(torch, "the Functions app must stay small and start fast: " + string.Join(", ", torch.Take(5)));
    }

    [ClassCleanup]
    public static void DeletePublishFolder() => FunctionsBuild.DeletePublishOutput();
}
