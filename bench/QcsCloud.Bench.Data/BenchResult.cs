namespace QcsCloud.Bench.Data;

/// <summary>
/// One measured case: median over repeats of wall-clock items per second (and MB/s where bytes move), plus items per
/// CPU-second of this process, the figure that holds on a shared machine where wall-clock time includes waiting.
/// </summary>
public sealed record BenchResult(string Name, string Detail, int Threads, int Items, double MedianSeconds, double ItemsPerSecond,
    double ItemsPerSecondPerThread, double? MegabytesPerSecond, double[] RunSeconds, double? MedianCpuSeconds = null, double? ItemsPerCpuSecond = null);
