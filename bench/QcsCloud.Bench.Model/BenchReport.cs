using System.Globalization;
using System.Text;
using System.Text.Json;

namespace QcsCloud.Bench.Model;

/// <summary>What one bench run writes to bench/results/&lt;name&gt;.json and .md.</summary>
public sealed record BenchReport(
    DateTime StartedUtc,
    double Minutes,
    string Machine,
    string LoadAverageStart,
    string LoadAverageEnd,
    BenchOptions Options,
    string TorchSharpLibtorch,
    string PyTorch,
    BenchSides Sides,
    IReadOnlyList<Measurement> Measurements,
    IReadOnlyList<(int Step, double RssMb)> MemoryRun)
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public void Write(string dir)
    {
        Directory.CreateDirectory(dir);
        var json = JsonSerializer.Serialize(new
        {
            StartedUtc, Minutes, Machine, LoadAverageStart, LoadAverageEnd, Options, TorchSharpLibtorch, PyTorch,
            Sides = new
            {
                Sides.TorchSharpBlas, Sides.TorchSharpThreads, Sides.TorchSharpInteropThreads,
                Sides.PyTorchBlas, Sides.PyTorchThreads, Sides.PyTorchInteropThreads, Sides.PyTorchReferenceBlas,
                CpuPeak = new { Sides.Peak.Model, Sides.Peak.Mhz, Sides.Peak.FlopsPerCycle, Sides.Peak.Cores, Sides.Peak.PerCoreGflops, Sides.Peak.Gflops },
            },
            Measurements = Measurements.Select(m => new { m.Side, m.Task, m.Mode, m.Batch, m.Seconds, m.CpuSeconds, m.MedianSeconds, m.MedianCpuSeconds, m.ImagesPerSecond, m.PeakRssMb, m.Flops, m.GflopsPerSecond, m.GflopsPerCpuSecond, m.Error }),
            Ratios = Pairs().Select(p => new { p.Task, p.Mode, p.Batch, WallSpeedTorchSharpOverPyTorch = p.Ratio, CpuSpeedTorchSharpOverPyTorch = p.CpuRatio }),
            MemoryRun = MemoryRun.Select(m => new { m.Step, m.RssMb }),
        }, new JsonSerializerOptions { WriteIndented = true, NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals });
        File.WriteAllText(Path.Combine(dir, Options.Name + ".json"), json);
        File.WriteAllText(Path.Combine(dir, Options.Name + ".md"), Markdown());
    }

    /// <summary>No ratio against a PyTorch on the reference BLAS: it would measure the BLAS, not the frameworks.</summary>
    private IEnumerable<(string Task, string Mode, int Batch, double Ratio, double CpuRatio)> Pairs() =>
        Sides.PyTorchReferenceBlas ? [] :
        from t in Measurements.Where(m => m.Side == "torchsharp" && m.Error is null)
        join p in Measurements.Where(m => m.Side == "pytorch" && m.Error is null) on (t.Task, t.Mode, t.Batch) equals (p.Task, p.Mode, p.Batch)
        select (t.Task, t.Mode, t.Batch, p.MedianSeconds / t.MedianSeconds, p.MedianCpuSeconds / t.MedianCpuSeconds);

    public string Markdown()
    {
        var sb = new StringBuilder();
        sb.AppendLine(Inv, $"# Model benchmark `{Options.Name}` ({StartedUtc:yyyy-MM-dd HH:mm} UTC, {Minutes:F1} min)");
        sb.AppendLine();
        sb.AppendLine(Inv, $"{Machine}; {Options.Threads} threads both sides; config `{Options.Config}`; TorchSharp (libtorch {TorchSharpLibtorch}) vs PyTorch {PyTorch}, interleaved task by task.");
        sb.AppendLine(Inv, $"Load average at start {LoadAverageStart}, at end {LoadAverageEnd}: the machine was shared with other builds, so absolute times are noisy; compare sides within a row.");
        sb.AppendLine();
        sb.AppendLine(Inv, $"- TorchSharp: BLAS {Sides.TorchSharpBlas}; {Sides.TorchSharpThreads} intra-op + {Sides.TorchSharpInteropThreads} inter-op threads.");
        sb.AppendLine(Inv, $"- PyTorch: BLAS {Sides.PyTorchBlas}; {Sides.PyTorchThreads} intra-op + {Sides.PyTorchInteropThreads} inter-op threads.");
        sb.AppendLine(Inv, $"- fp32 peak: {Sides.Peak}.");
        if (Sides.PyTorchReferenceBlas)
            sb.AppendLine("- **PyTorch ran on the reference BLAS (libblas3): no speed ratio is reported.** Install libopenblas0-pthread (bench/model.sh does) and run again.");
        sb.AppendLine();
        sb.AppendLine("| task | mode | batch | TorchSharp median s | PyTorch median s | TorchSharp img/s | PyTorch img/s | wall speed ratio TS/PT | TorchSharp CPU s | PyTorch CPU s | CPU speed ratio TS/PT | GFLOP per rep | TorchSharp GFLOP/s wall / per CPU-s | PyTorch GFLOP/s wall / per CPU-s | TorchSharp peak RSS MB | PyTorch peak RSS MB |");
        sb.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var t in Measurements.Where(m => m.Side == "torchsharp"))
        {
            var p = Measurements.FirstOrDefault(m => m.Side == "pytorch" && m.Task == t.Task && m.Mode == t.Mode && m.Batch == t.Batch);
            string F(double x, string f = "F3") => double.IsNaN(x) ? "-" : x.ToString(f, Inv);
            var ok = p is not null && p.Error is null && !Sides.PyTorchReferenceBlas;
            var ratio = ok ? p!.MedianSeconds / t.MedianSeconds : double.NaN;
            var cpuRatio = ok ? p!.MedianCpuSeconds / t.MedianCpuSeconds : double.NaN;
            sb.AppendLine(Inv,
                $"| {t.Task} | {t.Mode} | {t.Batch} | {F(t.MedianSeconds)} | {F(p?.MedianSeconds ?? double.NaN)} | {F(t.ImagesPerSecond, "F2")} | {F(p?.ImagesPerSecond ?? double.NaN, "F2")} | {F(ratio, "F2")} | {F(t.MedianCpuSeconds)} | {F(p?.MedianCpuSeconds ?? double.NaN)} | {F(cpuRatio, "F2")} | {F(t.Flops / 1e9, "F1")} | {F(t.GflopsPerSecond, "F0")} / {F(t.GflopsPerCpuSecond, "F0")} | {F(p?.GflopsPerSecond ?? double.NaN, "F0")} / {F(p?.GflopsPerCpuSecond ?? double.NaN, "F0")} | {F(t.PeakRssMb, "F0")} | {F(p?.PeakRssMb ?? double.NaN, "F0")} |");
        }
        var steps = Measurements.Where(m => m.Side == "torchsharp" && m.Task == "step").ToList();
        foreach (var batch in steps.Select(s => s.Batch).Distinct())
        {
            var baseline = steps.FirstOrDefault(s => s.Batch == batch && s.Mode == "baseline");
            if (baseline is null) continue;
            sb.AppendLine();
            var costs = string.Join(", ", steps.Where(s => s.Batch == batch)
                .Select(s => FormattableString.Invariant($"{s.Mode} {s.MedianSeconds / baseline.MedianSeconds:F2}x")));
            sb.AppendLine(Inv, $"Step cost relative to the baseline step at batch {batch} (TorchSharp): {costs}");
        }
        if (MemoryRun.Count > 0)
        {
            sb.AppendLine();
            var series = string.Join(", ", MemoryRun.Select(m => FormattableString.Invariant($"{m.Step}: {m.RssMb:F0}")));
            sb.AppendLine(Inv, $"Memory over {MemoryRun[^1].Step} QCS SAM steps (tiny network, batch 8), RSS MB: {series}");
        }
        var errors = Measurements.Where(m => m.Error is not null).ToList();
        foreach (var e in errors) sb.AppendLine(Inv, $"\n{e.Side} {e.Task} {e.Mode} {e.Batch} failed: {e.Error}");
        sb.AppendLine();
        sb.AppendLine("Speed ratio = PyTorch median time / TorchSharp median time (>= 1: TorchSharp faster); wall uses elapsed time, CPU the process's CPU time (fairer while other work shares the cores). img/s counts anchor images: a DCS step also runs p, a QCS step p, n and n2, each twice (SAM).");
        sb.AppendLine("GFLOP per rep: convolutions, matrix products and their backward passes as bench/pytorch/flop_count.py counts them on the PyTorch side (same network, same inputs); GFLOP/s per CPU-s divides by the process's CPU time, i.e. per busy core; compare it with the per-core peak.");
        return sb.ToString();
    }
}
