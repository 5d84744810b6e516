using System.Diagnostics;
using QcsCloud.LocalHost.Tests.Support;

namespace QcsCloud.EndToEnd.Tests.Support;

/// <summary>The built <c>qcs</c> trainer, run as a process the way jobs run it.</summary>
public static class Trainer
{
    public static string AssemblyPath
    {
        get
        {
            var path = RepoPaths.TrainerAssemblyPath;
            return File.Exists(path) ? path : throw new FileNotFoundException(
                $"{path} is missing: build src/QcsCloud.Trainer -c {RepoPaths.Configuration} first.", path);
        }
    }

    /// <summary><c>qcs synth --dataset f --output dir --per-class n --seed s</c>: a small dataset in the official layout.</summary>
    public static async Task SynthAsync(string format, string outDir, int perClass, int seed)
    {
        var (exit, output) = await RunAsync(["synth", "--dataset", format, "--output", outDir, "--per-class", perClass.ToString(), "--seed", seed.ToString()]);
        Assert.AreEqual(0, exit, $"qcs synth --dataset {format} failed:\n{output}");
    }

    public static async Task<(int ExitCode, string Output)> RunAsync(IReadOnlyList<string> args, int timeoutSeconds = 300)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(AssemblyPath);
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment["QCS_STORAGE_CONNECTION_STRING"] = TestStorage.ConnectionString;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(timeoutSeconds));
        try { await process.WaitForExitAsync(cts.Token); }
        catch (OperationCanceledException) { process.Kill(true); Assert.Fail($"qcs {string.Join(' ', args)} ran over {timeoutSeconds} s"); }
        return (process.ExitCode, await stdout + await stderr);
    }

    /// <summary>
    /// A trainer command that logs every launch (its arguments, one line) to a file, then runs qcs: lets a test
    /// count how often each job was launched across host restarts.
    /// </summary>
    public static (string Command, string LogFile) LaunchLoggingCommand(string folder)
    {
        Directory.CreateDirectory(folder);
        var script = Path.Combine(folder, "qcs-logged.sh");
        var log = Path.Combine(folder, "launches.log");
        File.WriteAllText(script, $"#!/usr/bin/env bash\necho \"$*\" >> '{log}'\nexec dotnet '{AssemblyPath}' \"$@\"\n");
        return ($"bash {script}", log);
    }
}
