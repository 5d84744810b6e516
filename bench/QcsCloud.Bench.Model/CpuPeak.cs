namespace QcsCloud.Bench.Model;

/// <summary>
/// The CPU's fp32 peak from <c>/proc/cpuinfo</c>: clock x FLOPs per cycle per core x cores used. FLOPs per cycle:
/// 2 FMA pipes x vector lanes x 2 (a fused multiply-add is 2 FLOPs): 64 with full-width AVX-512 (AMD Zen 5, family
/// 0x1A; Intel server cores), 32 with AVX2/FMA or AVX-512 run as two 256-bit halves (AMD Zen 4 and older).
/// The clock is the one the kernel reports (base in a VM); boost clocks would raise the peak.
/// </summary>
public sealed record CpuPeak(string Model, double Mhz, int FlopsPerCycle, int Cores)
{
    public double PerCoreGflops => Mhz * 1e-3 * FlopsPerCycle;
    public double Gflops => PerCoreGflops * Cores;

    public static CpuPeak Read(int cores)
    {
        var lines = File.ReadLines("/proc/cpuinfo").TakeWhile(l => l.Length > 0).ToList();
        string Field(string name) => lines.FirstOrDefault(l => l.StartsWith(name, StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "";
        var flags = Field("flags").Split(' ');
        var amd = Field("vendor_id") == "AuthenticAMD";
        var family = int.TryParse(Field("cpu family"), out var f) ? f : 0;
        var fullAvx512 = flags.Contains("avx512f") && (!amd || family >= 0x1A);
        var perCycle = fullAvx512 ? 64 : flags.Contains("fma") ? 32 : 16;
        var mhz = double.TryParse(Field("cpu MHz"), System.Globalization.CultureInfo.InvariantCulture, out var m) ? m : double.NaN;
        return new CpuPeak($"{Field("model name")} (family {family})", mhz, perCycle, cores);
    }

    public override string ToString() => FormattableString.Invariant(
        $"{Model}, {Mhz:F0} MHz x {FlopsPerCycle} fp32 FLOP/cycle = {PerCoreGflops:F0} GFLOP/s per core, {Gflops:F0} GFLOP/s on {Cores} threads");
}
