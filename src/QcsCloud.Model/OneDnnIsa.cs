using System.Runtime.InteropServices;

namespace QcsCloud.Model;

/// <summary>
/// Caps oneDNN, libtorch's CPU convolution library, at AVX2 unless the user chose an ISA (<c>ONEDNN_MAX_CPU_ISA</c>).
/// oneDNN 3.7.1 (TorchSharp 0.107) picks its AVX-512 strided backward-data convolution (<c>brgconv_strided:avx512_core</c>)
/// on AVX-512 machines, and on this project's CI machines (AMD EPYC, Zen 5) it returns NaN gradients at random: it reads
/// uninitialised memory (no failure when glibc's MALLOC_PERTURB_ fills allocations). About 1 two-step training run in 3
/// failed with "Loss is NaN at epoch 0, step 1"; capped at AVX2, none did. GPUs (cuDNN) are unaffected.
/// </summary>
/// <remarks>
/// oneDNN reads the variable once, at the first convolution, with the C library's getenv: call <see cref="CapAtAvx2"/>
/// before any. On Linux, .NET's Environment.SetEnvironmentVariable changes only the managed copy, so the native
/// environment is set with setenv as well.
/// </remarks>
public static class OneDnnIsa
{
    public const string Variable = "ONEDNN_MAX_CPU_ISA";
    public const string Default = "AVX2";

    /// <summary>The ISA cap in effect for this process (the user's, or <see cref="Default"/> once capped).</summary>
    public static string? Current => OperatingSystem.IsWindows() ? Environment.GetEnvironmentVariable(Variable) : Marshal.PtrToStringUTF8(getenv(Variable));

    /// <summary>Sets <c>ONEDNN_MAX_CPU_ISA=AVX2</c> for this process and its children, unless already set. Idempotent.</summary>
    public static void CapAtAvx2()
    {
        if (!string.IsNullOrEmpty(Current)) return;
        Environment.SetEnvironmentVariable(Variable, Default);                         // managed copy: child processes
        if (!OperatingSystem.IsWindows() && setenv(Variable, Default, 0) != 0)        // native copy: oneDNN's getenv
            throw new InvalidOperationException($"setenv({Variable}) failed with errno {Marshal.GetLastPInvokeError()}");
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int setenv(string name, string value, int overwrite);

    [DllImport("libc")]
    private static extern IntPtr getenv(string name);
}
