using System.Diagnostics;
using System.Text.Json.Nodes;

namespace QcsCloud.Bench.Model;

/// <summary>Drives bench/pytorch/bench_model.py over stdin/stdout so PyTorch runs interleaved with TorchSharp.</summary>
public sealed class PyTorchWorker : IDisposable
{
    private readonly Process process;

    public PyTorchWorker(BenchOptions options, string repoRoot)
    {
        var start = new ProcessStartInfo(options.Python)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { Path.Combine(repoRoot, "bench", "pytorch", "bench_model.py"), "--threads", options.Threads.ToString(), "--config", options.Config })
            start.ArgumentList.Add(a);
        start.Environment["OMP_NUM_THREADS"] = options.Threads.ToString();
        process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {options.Python}");
        var hello = JsonNode.Parse(process.StandardOutput.ReadLine() ?? throw new InvalidOperationException("The PyTorch worker exited at start"))!;
        Version = hello["torch"]!.GetValue<string>();
        Threads = hello["threads"]!.GetValue<int>();
        InteropThreads = hello["interop_threads"]!.GetValue<int>();
        Blas = $"{hello["blas"]!.GetValue<string>()} (loaded: {hello["blas_library"]!.GetValue<string>()})";
        ReferenceBlas = hello["reference_blas"]!.GetValue<bool>();
    }

    public string Version { get; }
    public int Threads { get; }
    public int InteropThreads { get; }

    /// <summary>The build's BLAS_INFO and the BLAS library the worker really loaded.</summary>
    public string Blas { get; }

    /// <summary>True when PyTorch runs on the reference BLAS (libblas3): no ratio against it is fair.</summary>
    public bool ReferenceBlas { get; }

    public Measurement Run(string task, string mode, int batch, int reps, int warmup, int imagesPerRep)
    {
        var request = new JsonObject { ["task"] = task, ["mode"] = mode, ["batch"] = batch, ["reps"] = reps, ["warmup"] = warmup };
        process.StandardInput.WriteLine(request.ToJsonString());
        process.StandardInput.Flush();
        var reply = JsonNode.Parse(process.StandardOutput.ReadLine() ?? throw new InvalidOperationException("The PyTorch worker exited"))!;
        if (reply["error"] is { } error) return new Measurement("pytorch", task, mode, batch, imagesPerRep, [], [], double.NaN, error.GetValue<string>());
        var times = reply["times"]!.AsArray().Select(t => t!.GetValue<double>()).ToArray();
        var cpu = reply["cpu"]!.AsArray().Select(t => t!.GetValue<double>()).ToArray();
        return new Measurement("pytorch", task, mode, batch, imagesPerRep, times, cpu, reply["peak_rss_mb"]!.GetValue<double>())
        {
            Flops = reply["flops"]!.GetValue<double>(),
        };
    }

    public void Dispose()
    {
        try
        {
            process.StandardInput.Close();
            if (!process.WaitForExit(10_000)) process.Kill();
        }
        finally
        {
            process.Dispose();
        }
    }
}
