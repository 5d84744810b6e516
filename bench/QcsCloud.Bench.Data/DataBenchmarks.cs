using System.Diagnostics;
using QcsCloud.Core;
using QcsCloud.Data.Datasets;
using QcsCloud.Data.Loading;
using QcsCloud.Data.Packing;
using QcsCloud.Data.Readers;
using QcsCloud.Data.Sampling;
using QcsCloud.Data.Synthetic;
using QcsCloud.Data.Transforms;

namespace QcsCloud.Bench.Data;

/// <summary>
/// Loader throughput (decode + augment to 224x224) per worker thread for RAF-DB-like 100x100 JPEGs and FERPlus
/// 48x48 pixel rows, and pack / shard-read speed, on synthetic data written in the official layouts.
/// </summary>
public sealed class DataBenchmarks(bool quick)
{
    private readonly int perClass = quick ? 20 : 80;
    private readonly int repeats = quick ? 2 : 3;

    public IReadOnlyList<BenchResult> RunAll(bool stagesOnly = false)
    {
        var root = Path.Combine(Path.GetTempPath(), $"qcs-bench-data-{Environment.ProcessId}");
        try
        {
            var results = new List<BenchResult>();
            var synth = Stopwatch.StartNew();
            SyntheticDatasetWriter.Write(DatasetKind.RafDb, Path.Combine(root, "rafdb"), perClass, 1);
            var rafSeconds = synth.Elapsed.TotalSeconds;
            synth.Restart();
            SyntheticDatasetWriter.Write(DatasetKind.FerPlus, Path.Combine(root, "ferplus"), perClass, 1);
            var ferSeconds = synth.Elapsed.TotalSeconds;
            var raf = DatasetReader.Read(DatasetKind.RafDb, Path.Combine(root, "rafdb"));
            var fer = DatasetReader.Read(DatasetKind.FerPlus, Path.Combine(root, "ferplus"));
            results.Add(new BenchResult("synth rafdb", $"{raf.Samples.Count} JPEGs 100x100, all CPU threads", Environment.ProcessorCount,
                raf.Samples.Count, rafSeconds, raf.Samples.Count / rafSeconds, raf.Samples.Count / rafSeconds / Environment.ProcessorCount, null, [rafSeconds]));
            results.Add(new BenchResult("synth ferplus", $"{fer.Samples.Count} kept rows 48x48, all CPU threads", Environment.ProcessorCount,
                fer.Samples.Count, ferSeconds, fer.Samples.Count / ferSeconds, fer.Samples.Count / ferSeconds / Environment.ProcessorCount, null, [ferSeconds]));

            var rafTrain = raf.Split(DatasetSplit.Train);
            if (stagesOnly) return StageBenchmarks.Run(rafTrain[0].Image.Load(), repeats);
            var ferTrain = fer.Split(DatasetSplit.Train);
            results.AddRange(StageBenchmarks.Run(rafTrain[0].Image.Load(), repeats));
            results.Add(Measure("decode rafdb jpeg", "SkiaSharp decode only", 1, rafTrain.Count, () => { foreach (var s in rafTrain) s.Image.Load(); }));
            foreach (var workers in new[] { 1, 2 })
            {
                results.Add(Loader("loader rafdb train", rafTrain, TransformOptions.RafDb(true), workers));
                results.Add(Loader("loader ferplus train", ferTrain, TransformOptions.FerPlus(true), workers));
            }
            results.Add(Loader("loader rafdb eval", rafTrain, TransformOptions.RafDb(false), 1));
            results.Add(Loader("loader ferplus eval", ferTrain, TransformOptions.FerPlus(false), 1));

            var packDir = Path.Combine(root, "packed");
            long bytes = 0;
            results.Add(Measure("pack rafdb", "read files + SHA-256 (parallel) + write shards/index/manifest", Environment.ProcessorCount, raf.Samples.Count, () =>
            {
                if (Directory.Exists(packDir)) Directory.Delete(packDir, true);
                bytes = DatasetPacker.Pack(raf, packDir).PayloadBytes;
            }, () => bytes));
            results.Add(Measure("shard read rafdb", "manifest + index + every payload (no decode)", 1, raf.Samples.Count, () =>
            {
                var d = ShardReader.Read(packDir);
                foreach (var s in d.Samples) s.Image.ReadPayload();
            }, () => bytes));
            // A bigger pack: the same images ten times under distinct ids (~10x the bytes), closer to real shard sizes.
            var tenfold = new LoadedDataset(raf.Kind, raf.Root, raf.ClassNames,
                Enumerable.Range(0, 10).SelectMany(k => raf.Samples.Select(s => s with { Id = $"{k}/{s.Id}" })).ToArray(), raf.Report);
            var bigPackDir = Path.Combine(root, "packed-10x");
            long bigBytes = 0;
            results.Add(Measure("pack rafdb x10", "as above, 10x the samples", Environment.ProcessorCount, tenfold.Samples.Count, () =>
            {
                if (Directory.Exists(bigPackDir)) Directory.Delete(bigPackDir, true);
                bigBytes = DatasetPacker.Pack(tenfold, bigPackDir).PayloadBytes;
            }, () => bigBytes));
            results.Add(Measure("shard read rafdb x10", "manifest + index + every payload (no decode)", 1, tenfold.Samples.Count, () =>
            {
                var d = ShardReader.Read(bigPackDir);
                foreach (var s in d.Samples) s.Image.ReadPayload();
            }, () => bigBytes));
            results.Add(Measure("read rafdb layout", "label file + header check of every image (parallel)", Environment.ProcessorCount, raf.Samples.Count,
                () => DatasetReader.Read(DatasetKind.RafDb, Path.Combine(root, "rafdb"))));
            return results;
        }
        finally
        {
            try { Directory.Delete(root, true); } catch (IOException) { }
        }
    }

    private BenchResult Loader(string name, IReadOnlyList<Sample> samples, TransformOptions transform, int workers)
    {
        var sampler = new ShuffleSampler(samples.Count, 0);
        var loader = new BatchLoader(samples, sampler, transform, new BatchLoaderOptions(32, workers, QueueCapacity: 4, Seed: 1));
        var images = loader.BatchCount(0) * 32;
        var epoch = 0;
        return Measure(name, $"decode + {(transform.RandomCrop || transform.HFlipProbability > 0 ? "train" : "eval")} transform to {transform.CropSize}x{transform.CropSize}, batch 32, {workers} worker thread(s)",
            workers, images, () => { foreach (var _ in loader.Epoch(epoch++)) { } });
    }

    private BenchResult Measure(string name, string detail, int threads, int items, Action run, Func<long>? bytes = null)
    {
        run();                                                           // warm-up (JIT, page cache)
        var seconds = new double[repeats];
        var cpu = new double[repeats];
        var process = Process.GetCurrentProcess();
        for (var r = 0; r < repeats; r++)
        {
            process.Refresh();
            var cpu0 = process.TotalProcessorTime;
            var sw = Stopwatch.StartNew();
            run();
            seconds[r] = sw.Elapsed.TotalSeconds;
            process.Refresh();
            cpu[r] = (process.TotalProcessorTime - cpu0).TotalSeconds;
        }
        var median = seconds.Order().ElementAt(repeats / 2);
        var cpuMedian = cpu.Order().ElementAt(repeats / 2);
        var perSecond = items / median;
        double? mb = bytes is null ? null : bytes() / 1e6 / median;
        Console.WriteLine($"{name,-24} {perSecond,9:F0} items/s  {perSecond / threads,8:F0} /thread  {items / cpuMedian,8:F0} /CPU-s  {(mb is null ? "" : $"{mb:F1} MB/s")}  ({detail})");
        return new BenchResult(name, detail, threads, items, median, perSecond, perSecond / threads, mb, seconds, cpuMedian, items / cpuMedian);
    }
}
