using System.Diagnostics;
using System.Runtime.InteropServices;
using QcsCloud.Core;

namespace QcsCloud.Trainer.Tests;

/// <summary><c>qcs train</c> as a real child process stopped by SIGTERM, then relaunched.</summary>
[TestClass]
public sealed class SignalTests
{
    private const int SigTerm = 15;

    [DllImport("libc", SetLastError = true)]
#pragma warning disable SYSLIB1054 // a two-int signature needs no marshalling source generator (nor unsafe code)
    private static extern int kill(int pid, int sig);
#pragma warning restore SYSLIB1054

    [TestMethod]
    public async Task Sigterm_after_the_first_epoch_checkpoints_and_exits_130_and_a_rerun_resumes_and_finishes()
    {
        var data = await SyntheticFolders.RafDbAsync(perClass: 16);
        var output = SyntheticFolders.NewFolder("sigterm");
        var args = TrainCommandTests.TinyTrain(data, output, epochs: 4, steps: 1000);

        var (code, log, diagnosis) = await RunChildAndTerminateAfterFirstEpochAsync(args);
        Console.WriteLine($"test host: {SignalMasks("self")}; child at SIGTERM: {diagnosis}");

        Assert.AreEqual(JobExitCode.Cancelled, code, $"{diagnosis}\n{log}");
        StringAssert.Contains(log, "event=stopped");
        Assert.IsTrue(File.Exists(Path.Combine(output, BlobLayout.LastCheckpointFile)));
        Assert.IsFalse(File.Exists(Path.Combine(output, BlobLayout.CompletionFile)), "a stopped job writes no completion.json");

        var rerun = await CliRunner.RunAsync(args);

        Assert.AreEqual(JobExitCode.Success, rerun.ExitCode, rerun.ToString());
        StringAssert.Contains(rerun.Output, "resumed=yes");
        var metrics = QcsJson.Deserialize<TrainingMetrics>(File.ReadAllText(Path.Combine(output, BlobLayout.MetricsFile)), "metrics.json");
        Assert.IsTrue(metrics.Finished);
    }

    /// <summary>Blocked/ignored/caught signal masks of a process (bit 14 = SIGTERM), to diagnose a signal that is not seen.</summary>
    private static string SignalMasks(string pid) =>
        string.Join(" ", File.ReadAllLines($"/proc/{pid}/status").Where(l => l.StartsWith("Sig", StringComparison.Ordinal)).Select(l => l.Replace("\t", "")));

    private static async Task<(int Code, string Log, string Diagnosis)> RunChildAndTerminateAfterFirstEpochAsync(string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "qcs.dll"));
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment["QCS_PLAIN_OUTPUT"] = "1";
        start.Environment["QCS_STORAGE_CONNECTION_STRING"] = TestSetup.Storage;
        using var process = Process.Start(start)!;
        var log = new System.Text.StringBuilder();
        var stderr = process.StandardError.ReadToEndAsync();
        var diagnosis = "";
        while (await process.StandardOutput.ReadLineAsync() is { } line)
        {
            log.AppendLine(line);
            if (line.StartsWith("event=epoch epoch=1/", StringComparison.Ordinal) && diagnosis.Length == 0)
            {
                diagnosis = SignalMasks(process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
                Assert.AreEqual(0, kill(process.Id, SigTerm), "kill(SIGTERM)");
            }
        }
        await process.WaitForExitAsync();
        log.AppendLine("--- stderr").AppendLine(await stderr);
        return (process.ExitCode, log.ToString(), diagnosis);
    }
}
