namespace QcsCloud.Bench.Model;

/// <summary>Resident memory of this process from /proc (the GC does not see libtorch's native memory).</summary>
public static class ProcessMemory
{
    public static double RssMb() => Field("VmRSS:");

    public static double PeakMb() => Field("VmHWM:");

    /// <summary>Resets the peak (VmHWM) so the next reading covers only what follows.</summary>
    public static void ResetPeak()
    {
        try { File.WriteAllText("/proc/self/clear_refs", "5"); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private static double Field(string name)
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
            if (line.StartsWith(name, StringComparison.Ordinal))
                return long.Parse(line[name.Length..].Trim().Split(' ')[0]) / 1024.0;
        return double.NaN;
    }
}
