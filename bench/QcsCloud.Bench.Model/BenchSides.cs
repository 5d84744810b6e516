namespace QcsCloud.Bench.Model;

/// <summary>What each side ran on: BLAS, intra-op and inter-op threads, and the CPU's fp32 peak for those threads.</summary>
public sealed record BenchSides(
    string TorchSharpBlas, int TorchSharpThreads, int TorchSharpInteropThreads,
    string PyTorchBlas, int PyTorchThreads, int PyTorchInteropThreads, bool PyTorchReferenceBlas,
    CpuPeak Peak)
{
    /// <summary>
    /// TorchSharp's BLAS: official libtorch x86-64 builds link MKL into libtorch_cpu.so; any BLAS library loaded
    /// beside it (from /proc/self/maps) is listed too.
    /// </summary>
    public static string TorchSharpBlasInfo()
    {
        var loaded = File.ReadLines("/proc/self/maps").Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(p => p.Length >= 6 && (p[5].Contains("blas", StringComparison.Ordinal) || p[5].Contains("mkl", StringComparison.Ordinal)))
            .Select(p => p[5]).Distinct().ToList();
        return loaded.Count == 0 ? "MKL linked into libtorch_cpu.so (no external BLAS library loaded)" : string.Join(", ", loaded);
    }
}
