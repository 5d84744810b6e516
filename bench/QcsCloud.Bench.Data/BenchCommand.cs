using QcsCloud.Core;
using QcsCloud.Data.Synthetic;

namespace QcsCloud.Bench.Data;

/// <summary>Argument handling for the data benchmark console.</summary>
public static class BenchCommand
{
    public static int Run(string[] args)
    {
        if (args.Length >= 4 && args[0] == "synth")
        {
            var seed = args.Length > 4 ? int.Parse(args[4]) : 0;
            var summary = SyntheticDatasetWriter.Write(DatasetCatalog.Parse(args[1]), args[2], int.Parse(args[3]), seed);
            Console.WriteLine(QcsJson.Serialize(summary));
            return 0;
        }
        Console.Error.WriteLine("usage: synth <format> <dir> <perClass> [seed]");
        return 2;
    }
}
