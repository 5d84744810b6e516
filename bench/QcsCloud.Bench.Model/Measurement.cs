namespace QcsCloud.Bench.Model;

/// <summary>
/// One task measured on one side: wall and process-CPU seconds per repetition and the process's peak memory during
/// it. CPU seconds are the fairer comparison on a machine shared with other work (wall time includes waiting).
/// </summary>
public sealed record Measurement(string Side, string Task, string Mode, int Batch, int ImagesPerRep, double[] Seconds, double[] CpuSeconds, double PeakRssMb, string? Error = null)
{
    /// <summary>FLOPs of one repetition (conv, mm, addmm, bmm and their backward; counted by the PyTorch worker's
    /// <c>flop_count.py</c> on the same network and inputs, so both sides divide the same number); NaN when not counted.</summary>
    public double Flops { get; init; } = double.NaN;

    /// <summary>Achieved GFLOP/s over the median wall time.</summary>
    public double GflopsPerSecond => Flops / MedianSeconds / 1e9;

    /// <summary>GFLOP per CPU-second (median): what each busy core achieved, less sensitive to a shared machine.</summary>
    public double GflopsPerCpuSecond => Flops / MedianCpuSeconds / 1e9;

    public double MedianSeconds => Seconds.Length == 0 ? double.NaN : Median(Seconds);

    public double MedianCpuSeconds => CpuSeconds.Length == 0 ? double.NaN : Median(CpuSeconds);

    /// <summary>Anchor images per second: batch / median seconds (a QCS step also runs p, n, n2 for each).</summary>
    public double ImagesPerSecond => Batch / MedianSeconds;

    public static double Median(IReadOnlyList<double> xs)
    {
        var s = xs.OrderBy(x => x).ToArray();
        return s.Length % 2 == 1 ? s[s.Length / 2] : (s[s.Length / 2 - 1] + s[s.Length / 2]) / 2;
    }
}
