using QcsCloud.Core;
using QcsCloud.Model;
using QcsCloud.Training.Optimization;
using static TorchSharp.torch;
using Module = TorchSharp.torch.nn.Module;

namespace QcsCloud.Bench.Model;

/// <summary>The TorchSharp side: the same tasks as bench/pytorch/bench_model.py, one network alive at a time.</summary>
public sealed class TorchSharpBench(NetworkOptions options) : IDisposable
{
    private TrainingMode? mode;
    private Module? network;

    private T Network<T>(TrainingMode m, Func<T> build) where T : Module
    {
        if (mode != m || network is not T)
        {
            network?.Dispose();
            GC.Collect();
            manual_seed(0);
            network = build();
            mode = m;
        }
        return (T)network;
    }

    private (Tensor[] Images, Tensor[] Labels) Inputs(int branches, int batch)
    {
        var g = new Generator(1);
        var s = options.InputSize;
        var xs = Enumerable.Range(0, branches).Select(_ => randn([batch, 3, s, s], generator: g)).ToArray();
        var ys = Enumerable.Range(0, branches).Select(_ => randint(0, options.NumClasses, [batch], generator: g)).ToArray();
        return (xs, ys);
    }

    public Measurement Run(string task, TrainingMode stepMode, int batch, int reps, int warmup, int imagesPerRep)
    {
        using var outer = NewDisposeScope();
        Action once;
        string modeName;
        if (task.StartsWith("infer", StringComparison.Ordinal))
        {
            modeName = "baseline";
            var net = Network(TrainingMode.Baseline, () => new InferenceNetwork(options));
            var (xs, ys) = Inputs(1, batch);
            if (task == "infer")
            {
                net.train(false);
                once = () =>
                {
                    using var scope = NewDisposeScope();
                    using var _ = no_grad();
                    net.call(xs[0]).sum().item<float>();
                };
            }
            else
            {
                net.train(true);
                once = () =>
                {
                    using var scope = NewDisposeScope();
                    net.zero_grad();
                    nn.functional.cross_entropy(net.call(xs[0]), ys[0]).backward();
                };
            }
        }
        else
        {
            modeName = stepMode.ToString().ToLowerInvariant();
            var net = Network(stepMode, () => TrainingNetworks.Create(stepMode, options));
            net.train(true);
            var (xs, ys) = Inputs(net.BranchCount, batch);
            var sam = new SamAdam(net.named_parameters().Select(p => (p.name, (Tensor)p.parameter)), new SamAdamOptions(4e-6)) { LearningRate = 4e-6 };
            once = () => SamStep(net, sam, xs, ys);
        }
        for (var i = 0; i < warmup; i++) once();
        ProcessMemory.ResetPeak();
        var times = new double[reps];
        var cpu = new double[reps];
        using var self = System.Diagnostics.Process.GetCurrentProcess();
        for (var i = 0; i < reps; i++)
        {
            self.Refresh();
            var c = self.TotalProcessorTime;
            var t = System.Diagnostics.Stopwatch.StartNew();
            once();
            times[i] = t.Elapsed.TotalSeconds;
            self.Refresh();
            cpu[i] = (self.TotalProcessorTime - c).TotalSeconds;
        }
        return new Measurement("torchsharp", task, modeName, batch, imagesPerRep, times, cpu, ProcessMemory.PeakMb());
    }

    /// <summary>One reference training step: forward/backward, SAM ascent, forward/backward, descent + Adam.</summary>
    private static float SamStep(TrainingNetwork net, SamAdam sam, Tensor[] xs, Tensor[] ys)
    {
        using var scope = NewDisposeScope();
        sam.ZeroGrad();
        QcsLoss.Compute(net.call(xs), ys).backward();
        sam.AscendToNeighbour();
        sam.ZeroGrad();
        var loss = QcsLoss.Compute(net.call(xs), ys);
        loss.backward();
        sam.DescendAndStep();
        sam.ZeroGrad();
        return loss.item<float>();
    }

    /// <summary>RSS every <paramref name="every"/> steps over a long run of QCS SAM steps (is memory flat?).</summary>
    public static (int Step, double RssMb)[] MemoryRun(NetworkOptions tiny, int steps, int batch, int every)
    {
        using var outer = NewDisposeScope();
        manual_seed(0);
        var net = TrainingNetworks.Create(TrainingMode.Qcs, tiny);
        var g = new Generator(2);
        var sam = new SamAdam(net.named_parameters().Select(p => (p.name, (Tensor)p.parameter)), new SamAdamOptions(1e-4)) { LearningRate = 1e-4 };
        var samples = new List<(int, double)>();
        for (var step = 0; step <= steps; step++)
        {
            if (step % every == 0) samples.Add((step, ProcessMemory.RssMb()));
            if (step == steps) break;
            using var scope = NewDisposeScope();
            var xs = Enumerable.Range(0, 4).Select(_ => randn([batch, 3, tiny.InputSize, tiny.InputSize], generator: g)).ToArray();
            var ys = Enumerable.Range(0, 4).Select(_ => randint(0, tiny.NumClasses, [batch], generator: g)).ToArray();
            SamStep(net, sam, xs, ys);
        }
        net.Dispose();
        return samples.ToArray();
    }

    public void Dispose()
    {
        network?.Dispose();
        network = null;
        mode = null;
    }
}
