// Model benchmark: TorchSharp vs PyTorch (bench/pytorch/bench_model.py), interleaved, same thread count.
//   dotnet run -c Release --project bench/QcsCloud.Bench.Model -- [--config paper|tiny] [--threads 2]
//       [--batches 8,24] [--step-batches 8] [--reps 3] [--step-reps 2] [--warmup 1] [--memory-steps 200]
//       [--no-pytorch] [--python /usr/bin/python3] [--out bench/results] [--name model-paper]
// Run from the repository root. Writes <out>/<name>.json and .md.
using QcsCloud.Bench.Model;
using QcsCloud.Core;
using QcsCloud.Model;
using TorchSharp;

var options = BenchOptions.Parse(args);
var root = Directory.GetCurrentDirectory();
if (!File.Exists(Path.Combine(root, "QcsCloud.sln"))) throw new InvalidOperationException("Run from the repository root (QcsCloud.sln not found)");
QcsCloud.Model.OneDnnIsa.CapAtAvx2();                   // as qcs does (see OneDnnIsa)
torch.set_num_threads(options.Threads);
torch.set_num_interop_threads(1);
var network = options.Config == "paper" ? NetworkOptions.Paper(7) : NetworkOptions.Tiny(7);
var started = DateTime.UtcNow;
var loadStart = File.ReadAllText("/proc/loadavg").Trim();
var results = new List<Measurement>();
using var python = options.SkipPyTorch ? null : new PyTorchWorker(options, root);
using var bench = new TorchSharpBench(network);
var sides = new BenchSides(BenchSides.TorchSharpBlasInfo(), torch.get_num_threads(), torch.get_num_interop_threads(),
    python?.Blas ?? "-", python?.Threads ?? 0, python?.InteropThreads ?? 0, python?.ReferenceBlas ?? false, CpuPeak.Read(options.Threads));
Console.WriteLine($"TorchSharp: {sides.TorchSharpBlas}, {sides.TorchSharpThreads} threads (+{sides.TorchSharpInteropThreads} inter-op)");
Console.WriteLine($"PyTorch:    {sides.PyTorchBlas}, {sides.PyTorchThreads} threads (+{sides.PyTorchInteropThreads} inter-op)");
Console.WriteLine($"fp32 peak:  {sides.Peak}");
if (sides.PyTorchReferenceBlas)
    Console.Error.WriteLine("PyTorch runs on the reference BLAS (libblas3): no speed ratio will be reported. Install an optimised BLAS " +
        "(apt-get install -y libopenblas0-pthread; bench/model.sh does) and run again.");

// Written after every measurement, so a run stopped early still leaves its results.
void WriteReport((int Step, double RssMb)[] memory) =>
    new BenchReport(started, (DateTime.UtcNow - started).TotalMinutes,
        $"{Environment.ProcessorCount} cores, {File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name"))?.Split(':')[1].Trim() ?? "cpu"}",
        loadStart, File.ReadAllText("/proc/loadavg").Trim(), options, torch.__version__, python?.Version ?? "-", sides, results, memory)
        .Write(Path.Combine(root, options.OutDir));

void Both(string task, TrainingMode mode, int batch, int reps)
{
    var images = batch * TrainingNetworks.BranchCount(mode);
    var ts = bench.Run(task, mode, batch, reps, options.Warmup, images);
    Console.WriteLine($"torchsharp {task,-11} {ts.Mode,-8} b{batch,-3} median {ts.MedianSeconds:F3}s cpu {ts.MedianCpuSeconds:F3}s  peak {ts.PeakRssMb:F0} MB");
    if (python is null) { results.Add(ts); return; }
    var pt = python.Run(task, ts.Mode, batch, reps, options.Warmup, images);
    results.Add(ts with { Flops = pt.Flops });   // same network and inputs: the FLOPs the worker counted
    results.Add(pt);
    Console.WriteLine($"pytorch    {task,-11} {pt.Mode,-8} b{batch,-3} median {pt.MedianSeconds:F3}s cpu {pt.MedianCpuSeconds:F3}s  peak {pt.PeakRssMb:F0} MB {pt.Error}");
    WriteReport([]);
}

foreach (var batch in options.Batches)
{
    Both("infer", TrainingMode.Baseline, batch, options.Reps);
    Both("infer_train", TrainingMode.Baseline, batch, options.Reps);
}
bench.Dispose(); // the memory run starts from a process without the paper network

var memory = options.MemorySteps > 0
    ? TorchSharpBench.MemoryRun(NetworkOptions.Tiny(7), options.MemorySteps, 8, Math.Max(1, options.MemorySteps / 20))
    : [];
if (memory.Length > 0) Console.WriteLine($"memory run: {string.Join(", ", memory.Select(m => $"{m.Step}:{m.RssMb:F0}"))}");
WriteReport(memory);
foreach (var batch in options.StepBatches)
    foreach (var mode in new[] { TrainingMode.Baseline, TrainingMode.Dcs, TrainingMode.Qcs })
    { Both("step", mode, batch, options.StepReps); WriteReport(memory); }

WriteReport(memory);
Console.WriteLine(File.ReadAllText(Path.Combine(root, options.OutDir, options.Name + ".md")));
