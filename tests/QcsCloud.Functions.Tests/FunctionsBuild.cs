using System.Diagnostics;
using System.Text.Json;

namespace QcsCloud.Functions.Tests;

/// <summary>
/// The Functions app's build and publish outputs (the Functions host itself cannot be installed here):
/// <c>functions.metadata</c> is what the host reads to index functions and their trigger bindings.
/// </summary>
public static class FunctionsBuild
{
    private static readonly Lazy<string> publishDirectory = new(Publish);

    public static string RepoRoot { get; } = FindRoot();

    /// <summary>Debug or Release: the configuration this test assembly was built in.</summary>
    public static string Configuration { get; } =
        new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;

    public static string BuildDirectory => Path.Combine(RepoRoot, "src", "QcsCloud.Functions", "bin", Configuration, "net10.0");

    /// <summary><c>dotnet publish --no-build</c> of the already built app into a temporary folder (once per run).</summary>
    public static string PublishDirectory => publishDirectory.Value;

    public static void DeletePublishOutput()
    {
        if (!publishDirectory.IsValueCreated) return;
        try { Directory.Delete(publishDirectory.Value, recursive: true); } catch (IOException) { }
    }

    public static IReadOnlyList<JsonElement> ReadMetadata(string directory)
    {
        var path = Path.Combine(directory, "functions.metadata");
        Assert.IsTrue(File.Exists(path), $"{path} is missing: build src/QcsCloud.Functions -c {Configuration}");
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement.EnumerateArray().Select(e => e.Clone()).ToList();
    }

    public static IEnumerable<JsonElement> Bindings(JsonElement function) =>
        function.GetProperty("bindings").EnumerateArray();

    public static string Name(JsonElement function) => function.GetProperty("name").GetString()!;

    private static string Publish()
    {
        var output = Path.Combine(Path.GetTempPath(), $"qcs-functions-publish-{Guid.NewGuid():N}");
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = RepoRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in new[] { "publish", "src/QcsCloud.Functions", "-c", Configuration, "--no-build", "-nologo", "-v", "q", "-o", output })
            start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(300_000)) { process.Kill(true); Assert.Fail("dotnet publish took over 5 minutes"); }
        Assert.AreEqual(0, process.ExitCode, $"dotnet publish failed:\n{stdout.Result}\n{stderr.Result}");
        return output;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "QcsCloud.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException($"No QcsCloud.sln above {AppContext.BaseDirectory}");
    }
}
