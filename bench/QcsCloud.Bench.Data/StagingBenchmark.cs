using System.Diagnostics;
using System.Text;
using QcsCloud.Core;
using QcsCloud.Data.Datasets;
using QcsCloud.Data.Images;
using QcsCloud.Data.Packing;
using QcsCloud.Data.Readers;

namespace QcsCloud.Bench.Data;

/// <summary>
/// Staging throughput: what <c>qcs pack</c> does (list, read, SHA-256, decode every image to verify it, write shards,
/// index and manifest) over every JPEG under the given folders (AffectNet-sized synthetic photos from
/// <c>synth affectnet8 &lt;dir&gt; &lt;perClass&gt; &lt;seed&gt; 500</c>), once per thread count. Reports wall-clock images/s
/// and, the comparable figure on a shared machine, CPU-seconds per image of this process; projects AffectNet's
/// ~290k images onto a 4-core staging job from the CPU cost.
/// </summary>
public static class StagingBenchmark
{
    private const int AffectNetImages = 287_651 + 4_000;

    public static int Run(string root, IReadOnlyList<int> threadCounts, string outDir)
    {
        var images = Directory.EnumerateFiles(root, "*.jpg", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToArray();
        if (images.Length == 0) { Console.Error.WriteLine($"no .jpg under {root}"); return 2; }
        // A generic layout over the images (list.txt + classes.txt), so staging runs the real reader and packer.
        var classes = DatasetCatalog.AffectNet8Classes;
        File.WriteAllLines(Path.Combine(root, GenericListReader.ClassesFile), classes);
        File.WriteAllLines(Path.Combine(root, GenericListReader.ListFile),
            images.Select((path, i) => $"{Path.GetRelativePath(root, path)} {i % classes.Count}"));
        var bytes = images.Sum(p => new FileInfo(p).Length);
        var sizes = images.Where((_, i) => i % 500 == 0).Select(p => ImageVerifier.Check(new ImagePayload(PayloadFormat.Encoded, File.ReadAllBytes(p)), 1)).Where(v => v.Problem is null)
            .Select(v => (v.Width, v.Height)).ToArray();
        Console.WriteLine($"{images.Length} JPEGs, {bytes / 1e9:F2} GB, sides {sizes.Min(s => Math.Min(s.Width, s.Height))}-{sizes.Max(s => Math.Max(s.Width, s.Height))} px (sampled)");

        var results = new List<StageResult>();
        var packed = Path.Combine(root, "..", "staging-bench-packed");
        foreach (var threads in threadCounts)
        {
            if (Directory.Exists(packed)) Directory.Delete(packed, true);
            var process = Process.GetCurrentProcess();
            process.Refresh();
            var cpu0 = process.TotalProcessorTime;
            var watch = Stopwatch.StartNew();
            var dataset = DatasetReader.Read(DatasetKind.Generic, root, new DatasetReadOptions(SkipBad: true, CheckImages: ImageCheck.Exists));
            var manifest = DatasetPacker.Pack(dataset, packed, new PackOptions(SkipBad: true, Threads: threads));
            var wall = watch.Elapsed.TotalSeconds;
            process.Refresh();
            var cpu = (process.TotalProcessorTime - cpu0).TotalSeconds;
            Directory.Delete(packed, true);
            var load = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "n/a";
            var cpuPerImage = cpu / manifest.SampleCount;
            var result = new StageResult(threads, manifest.SampleCount, manifest.Skipped.Count, wall, cpu, manifest.SampleCount / wall,
                cpuPerImage, 1 / cpuPerImage, AffectNetImages * cpuPerImage / 4 / 60, load);
            Console.WriteLine(FormattableString.Invariant(
                $"threads {threads}: {result.Images} images in {wall:F1} s wall ({result.ImagesPerSecond:F0}/s), {cpu:F1} CPU-s = {cpuPerImage * 1000:F2} ms CPU per image ({result.ImagesPerCpuSecond:F0} images per CPU-second); load {load}"));
            results.Add(result);
        }
        Write(outDir, images.Length, bytes, sizes, results);
        return 0;
    }

    private static void Write(string outDir, int count, long bytes, (int Width, int Height)[] sizes, List<StageResult> results)
    {
        Directory.CreateDirectory(outDir);
        var doc = new
        {
            Benchmark = "staging-affectnet",
            Command = "dotnet run -c Release --project bench/QcsCloud.Bench.Data -- stage bench/scratch/affectnet 2,1",
            MeasuredUtc = DateTimeOffset.UtcNow,
            Machine = new { Environment.ProcessorCount, Os = Environment.OSVersion.VersionString, Runtime = Environment.Version.ToString() },
            Data = new { Images = count, Bytes = bytes, MinSide = sizes.Min(s => Math.Min(s.Width, s.Height)), MaxSide = sizes.Max(s => Math.Max(s.Width, s.Height)) },
            Note = "Shared 2-core machine (other builds and tests running; the load average is recorded per row): wall-clock images/s includes waiting for a core. " +
                   "CPU-seconds per image of this process is the comparable figure; the AffectNet projection is 291,651 images x CPU-s per image / 4 cores " +
                   "(decoding is per image and parallel, so it scales with cores until the disk or blob download limits it).",
            Results = results,
        };
        File.WriteAllText(Path.Combine(outDir, "staging-affectnet.json"), QcsJson.Serialize(doc));
        var md = new StringBuilder();
        md.AppendLine("# Staging benchmark (qcs pack: read, hash, decode-verify, write shards)");
        md.AppendLine();
        md.AppendLine(FormattableString.Invariant($"`{doc.Command}`, {doc.MeasuredUtc:yyyy-MM-dd HH:mm} UTC, {count} synthetic AffectNet-sized JPEGs ({bytes / 1e9:F2} GB, sides {doc.Data.MinSide}-{doc.Data.MaxSide} px)."));
        md.AppendLine(doc.Note);
        md.AppendLine();
        md.AppendLine("| threads | images | wall s | images/s (wall) | CPU s | CPU ms per image | images per CPU-second | AffectNet ~292k on 4 cores (min) | load after |");
        md.AppendLine("|---|---|---|---|---|---|---|---|---|");
        foreach (var r in results)
            md.AppendLine(FormattableString.Invariant(
                $"| {r.Threads} | {r.Images} | {r.WallSeconds:F1} | {r.ImagesPerSecond:F0} | {r.CpuSeconds:F1} | {r.CpuSecondsPerImage * 1000:F2} | {r.ImagesPerCpuSecond:F0} | {r.AffectNetOn4CoresMinutes:F1} | `{r.LoadAverageAfter}` |"));
        File.WriteAllText(Path.Combine(outDir, "staging-affectnet.md"), md.ToString());
    }

    private sealed record StageResult(int Threads, int Images, int Skipped, double WallSeconds, double CpuSeconds, double ImagesPerSecond,
        double CpuSecondsPerImage, double ImagesPerCpuSecond, double AffectNetOn4CoresMinutes, string LoadAverageAfter);
}
