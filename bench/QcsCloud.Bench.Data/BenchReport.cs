using System.Text;
using QcsCloud.Core;

namespace QcsCloud.Bench.Data;

/// <summary>Writes bench/results/data-pipeline.json and .md, with the machine's load so shared-machine noise is visible.</summary>
public static class BenchReport
{
    public static void Write(IReadOnlyList<BenchResult> results, string outDir, bool quick)
    {
        Directory.CreateDirectory(outDir);
        var load = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "n/a";
        var doc = new
        {
            Benchmark = "data-pipeline",
            Command = "dotnet run -c Release --project bench/QcsCloud.Bench.Data" + (quick ? " -- --quick" : ""),
            MeasuredUtc = DateTimeOffset.UtcNow,
            Machine = new { Environment.ProcessorCount, Os = Environment.OSVersion.VersionString, Runtime = Environment.Version.ToString(), LoadAverageAfter = load },
            Note = "Shared machine: other engineers build and test at the same time, so wall-clock items/s mostly measure waiting for a core " +
                   "(see the load average). Items per CPU-second of this process is the comparable figure; medians of repeats.",
            Results = results,
        };
        File.WriteAllText(Path.Combine(outDir, "data-pipeline.json"), QcsJson.Serialize(doc));
        var md = new StringBuilder();
        md.AppendLine("# Data pipeline benchmark");
        md.AppendLine();
        md.AppendLine($"`{doc.Command}` on {Environment.ProcessorCount} cores, {doc.MeasuredUtc:yyyy-MM-dd HH:mm} UTC, load average after: `{load}`.");
        md.AppendLine(doc.Note);
        md.AppendLine();
        md.AppendLine("| case | threads | items | median s | items/s | items/s per thread | items per CPU-second | MB/s | what |");
        md.AppendLine("|---|---|---|---|---|---|---|---|---|");
        foreach (var r in results)
            md.AppendLine($"| {r.Name} | {r.Threads} | {r.Items} | {r.MedianSeconds:F3} | {r.ItemsPerSecond:F0} | {r.ItemsPerSecondPerThread:F0} | {(r.ItemsPerCpuSecond is { } c ? c.ToString("F0") : "")} | {(r.MegabytesPerSecond is { } mb ? mb.ToString("F1") : "")} | {r.Detail} |");
        File.WriteAllText(Path.Combine(outDir, "data-pipeline.md"), md.ToString());
    }
}
