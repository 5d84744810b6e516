using System.Diagnostics;
using QcsCloud.Data.Images;
using QcsCloud.Data.Transforms;

namespace QcsCloud.Bench.Data;

/// <summary>Microseconds per call of each pipeline stage on one thread (where the loader's time goes).</summary>
public static class StageBenchmarks
{
    public static IReadOnlyList<BenchResult> Run(RgbImage face100, int repeats)
    {
        var big = PilResize.Resize(face100, 224, 224);
        var floats = new float[3 * 224 * 224];
        var rng = new SeededRandom(1);
        var work = new RgbImage(224, 224);
        RgbImage Fresh()                                                 // colour ops work in place: start each call from the same pixels
        {
            big.Pixels.CopyTo(work.Pixels, 0);
            return work;
        }
        var stages = new (string Name, Action Run)[]
        {
            ("resize 100->224", () => PilResize.Resize(face100, 224, 224)),
            ("resize 48->232", () => PilResize.Resize(PilResize.Resize(face100, 48, 48), 232, 232)),
            ("hflip 224", () => PilGeometry.FlipHorizontal(big)),
            ("rotate 224", () => PilGeometry.Rotate(big, 7.5)),
            ("brightness 224", () => PilColor.Brightness(Fresh(), 1.1f)),
            ("contrast 224", () => PilColor.Contrast(Fresh(), 0.9f)),
            ("saturation 224", () => PilColor.Saturation(Fresh(), 1.1f)),
            ("hue 224", () => PilColor.Hue(Fresh(), 0.05f)),
            ("copy 224 (baseline of the 4 above)", () => Fresh()),
            ("normalize 224", () => ImageTransform.Normalize(big, floats)),
            ("rafdb train total", () => ImageTransform.Apply(face100, TransformOptions.RafDb(true), rng, floats)),
        };
        var results = new List<BenchResult>();
        foreach (var (name, run) in stages)
        {
            const int calls = 40;
            for (var i = 0; i < 200; i++) run();                        // past tier-0 JIT: loops run optimised code only after many calls
            var seconds = new double[repeats];
            var cpu = new double[repeats];
            var process = Process.GetCurrentProcess();
            for (var r = 0; r < repeats; r++)
            {
                process.Refresh();
                var cpu0 = process.TotalProcessorTime;
                var sw = Stopwatch.StartNew();
                for (var i = 0; i < calls; i++) run();
                seconds[r] = sw.Elapsed.TotalSeconds / calls;
                process.Refresh();
                cpu[r] = (process.TotalProcessorTime - cpu0).TotalSeconds / calls;
            }
            var median = seconds.Order().ElementAt(repeats / 2);
            var cpuMedian = cpu.Order().ElementAt(repeats / 2);
            Console.WriteLine($"stage {name,-20} {median * 1e6,8:F0} us wall {cpuMedian * 1e6,8:F0} us CPU");
            results.Add(new BenchResult("stage " + name, "calls/s of one stage on one thread (median s = per call)", 1, 1, median, 1 / median, 1 / median, null,
                seconds, cpuMedian, 1 / cpuMedian));
        }
        return results;
    }
}
