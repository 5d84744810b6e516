namespace QcsCloud.Trainer.Tests;

/// <summary>Synthetic datasets written once per test run with the real <c>qcs synth</c>.</summary>
internal static class SyntheticFolders
{
    public static readonly string Root = Path.Combine(Path.GetTempPath(), $"qcs-trainer-tests-{Environment.ProcessId}");
    private static readonly Dictionary<string, string> Written = new();

    public static async Task<string> RafDbAsync(int perClass = 6)
    {
        var key = $"rafdb-{perClass}";
        if (Written.TryGetValue(key, out var dir)) return dir;
        dir = Path.Combine(Root, key);
        var result = await CliRunner.RunAsync("synth", "--dataset", "rafdb", "--output", dir, "--per-class", perClass.ToString(), "--seed", "5");
        Assert.AreEqual(0, result.ExitCode, result.ToString());
        Written[key] = dir;
        return dir;
    }

    public static string NewFolder(string name) => Directory.CreateDirectory(Path.Combine(Root, $"{name}-{Guid.NewGuid():N}")).FullName;
}
