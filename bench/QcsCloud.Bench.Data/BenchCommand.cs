using System.Globalization;
using QcsCloud.Core;
using QcsCloud.Data.Synthetic;

namespace QcsCloud.Bench.Data;

/// <summary>Argument handling for the data benchmark console.</summary>
public static class BenchCommand
{
    public static int Run(string[] args)
    {
        if (args.Length >= 1 && args[0] == "synth")
        {
            if (args.Length < 4)
            {
                Console.Error.WriteLine("usage: synth <rafdb|ferplus|affectnet7|affectnet8> <dir> <perClass> [seed] [affectnetMinSide]");
                return 2;
            }
            var seed = args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : 0;
            var options = args.Length > 5 ? new SyntheticOptions(AffectNetMinSide: int.Parse(args[5], CultureInfo.InvariantCulture)) : null;
            var summary = SyntheticDatasetWriter.Write(DatasetCatalog.Parse(args[1]), args[2], int.Parse(args[3], CultureInfo.InvariantCulture), seed, options);
            Console.WriteLine(QcsJson.Serialize(summary));
            return 0;
        }
        if (args.Length >= 1 && args[0] == "stage")
        {
            if (args.Length < 2)
            {
                Console.Error.WriteLine("usage: stage <folder of AffectNet-sized JPEGs> [threads,threads,...] [--out bench/results]");
                return 2;
            }
            var threads = args.Length > 2 && !args[2].StartsWith("--", StringComparison.Ordinal)
                ? args[2].Split(',').Select(t => int.Parse(t, CultureInfo.InvariantCulture)).ToArray()
                : [1, Environment.ProcessorCount];
            var at = Array.IndexOf(args, "--out");
            return StagingBenchmark.Run(args[1], threads, at >= 0 && at + 1 < args.Length ? args[at + 1] : Path.Combine("bench", "results"));
        }
        var quick = args.Contains("--quick");
        var outIndex = Array.IndexOf(args, "--out");
        var outDir = outIndex >= 0 && outIndex + 1 < args.Length ? args[outIndex + 1] : Path.Combine("bench", "results");
        if (args.Contains("--stages"))
        {
            new DataBenchmarks(quick: true).RunAll(stagesOnly: true);
            return 0;
        }
        var results = new DataBenchmarks(quick).RunAll();
        BenchReport.Write(results, outDir, quick);
        return 0;
    }
}
