using System.Runtime.InteropServices;
using QcsCloud.Training.Optimization;
using static TorchSharp.torch;

namespace QcsCloud.Training.Tests;

[TestClass]
public sealed class SamAdamTests
{
    private static readonly double[] X = [1.0, -0.5];
    private const double Y = 0.25;

    // loss(w) = (w . x - y)^2 and its gradient, in doubles: the hand calculation the optimizer must match.
    private static double[] Gradient(double[] w)
    {
        var r = w[0] * X[0] + w[1] * X[1] - Y;
        return [2 * r * X[0], 2 * r * X[1]];
    }

    private static double[] ExpectedAfterSteps(double[] w, int steps, double lr, bool sam)
    {
        w = (double[])w.Clone();
        double[] m = [0, 0], v = [0, 0];
        for (var t = 1; t <= steps; t++)
        {
            var g = Gradient(w);
            if (sam)
            {
                var norm = Math.Sqrt(g[0] * g[0] + g[1] * g[1]);
                var e = g.Select(gi => 0.05 * gi / (norm + 1e-12)).ToArray();
                g = Gradient([w[0] + e[0], w[1] + e[1]]); // gradient at the neighbour, applied at w
            }
            for (var i = 0; i < 2; i++)
            {
                m[i] = 0.9 * m[i] + 0.1 * g[i];
                v[i] = 0.999 * v[i] + 0.001 * g[i] * g[i];
                var mHat = m[i] / (1 - Math.Pow(0.9, t));
                var denom = Math.Sqrt(v[i]) / Math.Sqrt(1 - Math.Pow(0.999, t)) + 1e-8;
                w[i] -= lr * mHat / denom;
            }
        }
        return w;
    }

    private static (Tensor W, Tensor Unused, SamAdam Optimizer) Create(double lr)
    {
        var w = tensor(new float[] { 1f, 2f }).requires_grad_(true);
        var unused = tensor(new float[] { 3f, 4f }).requires_grad_(true);
        var optimizer = new SamAdam([("w", w), ("unused", unused)], new SamAdamOptions(lr)) { LearningRate = lr };
        return (w, unused, optimizer);
    }

    private static Tensor Loss(Tensor w) => (w * tensor(new float[] { 1f, -0.5f })).sum().sub(0.25).pow(2);

    [TestMethod]
    public void Three_sam_steps_match_the_hand_computed_update_and_leave_parameters_without_gradient_untouched()
    {
        var (w, unused, optimizer) = Create(lr: 0.1);
        for (var step = 0; step < 3; step++)
        {
            Loss(w).backward();
            optimizer.AscendToNeighbour();
            optimizer.ZeroGrad();
            Loss(w).backward();
            optimizer.DescendAndStep();
            optimizer.ZeroGrad();
        }

        var expected = ExpectedAfterSteps([1, 2], 3, 0.1, sam: true);
        var plainAdam = ExpectedAfterSteps([1, 2], 3, 0.1, sam: false);
        var actual = w.data<float>().ToArray();
        for (var i = 0; i < 2; i++) Assert.AreEqual(expected[i], actual[i], 2e-6, $"w[{i}]");
        Assert.IsTrue(Math.Abs(expected[1] - plainAdam[1]) > 1e-4, "the test must tell SAM apart from plain Adam");
        CollectionAssert.AreEqual(new[] { 3f, 4f }, unused.data<float>().ToArray());
    }

    [TestMethod]
    public void The_first_step_moves_weights_by_rho_along_the_normalised_global_gradient()
    {
        var (w, _, optimizer) = Create(lr: 0.1);
        Loss(w).backward();
        var norm = optimizer.AscendToNeighbour();

        var g = Gradient([1, 2]);
        var expectedNorm = Math.Sqrt(g[0] * g[0] + g[1] * g[1]);
        Assert.AreEqual(expectedNorm, norm, 1e-5);
        var moved = w.data<float>().ToArray();
        Assert.AreEqual(1 + 0.05 * g[0] / expectedNorm, moved[0], 1e-6);
        Assert.AreEqual(2 + 0.05 * g[1] / expectedNorm, moved[1], 1e-6);
    }

    [TestMethod]
    public void Optimizer_state_round_trips_and_continues_identically()
    {
        var (w1, _, a) = Create(lr: 0.05);
        var (w2, _, b) = Create(lr: 0.05);
        void Step(Tensor w, SamAdam o)
        {
            Loss(w).backward(); o.AscendToNeighbour(); o.ZeroGrad();
            Loss(w).backward(); o.DescendAndStep(); o.ZeroGrad();
        }
        Step(w1, a); Step(w2, b);

        var (w3, _, c) = Create(lr: 0.05);
        using (no_grad()) w3.copy_(w2);
        c.LoadState(b.StateTensors().ToDictionary(t => t.Name, t => t.Value.clone()));
        Step(w1, a); Step(w3, c);

        CollectionAssert.AreEqual(w1.data<float>().ToArray(), w3.data<float>().ToArray());
    }

    [TestMethod]
    public void A_learning_rate_that_is_not_positive_is_refused_with_its_value()
    {
        var e = Assert.ThrowsExactly<ArgumentException>(() => new SamAdamOptions(-1).Validate());
        StringAssert.Contains(e.Message, "LearningRate (-1)");
    }

    [TestMethod]
    public void The_learning_rate_decays_by_gamma_each_epoch()
    {
        var options = new SamAdamOptions(1e-3);
        Assert.AreEqual(1e-3 * 0.98 * 0.98, options.LearningRateAt(2), 1e-15);
    }
}

/// <summary>The optimizer's scalars under garbage collections started by another thread (as the loader's workers do).</summary>
[TestClass]
public sealed class SamAdamScalarLifetimeTests
{
    [TestMethod]
    public void Steps_never_read_a_scalar_freed_by_a_collection_on_another_thread()
    {
        // Arrange: parameters with gradients; a thread that collects and runs finalizers without pause. Before the fix
        // (implicit double -> Scalar temporaries, TorchSharp's implicit alpha 1) this failed 3 times in 3,000 steps; with
        // the double -> Scalar temporaries removed but the implicit alpha left, 3 times in 6,000.
        using var scope = NewDisposeScope();
        var parameters = Enumerable.Range(0, 4).Select(i => ($"p{i}", randn(128, 128).requires_grad_())).ToArray();
        var optimizer = new SamAdam(parameters, new SamAdamOptions(1e-3, WeightDecay: 1e-4));
        var stop = 0;
        var collector = new Thread(() => { while (Volatile.Read(ref stop) == 0) { GC.Collect(); GC.WaitForPendingFinalizers(); } });
        var failures = new List<string>();

        // Act: 4 parameters x ~12 scalar ops x 6,000 steps (128x128: long enough native calls to widen the window).
        collector.Start();
        try
        {
            for (var step = 0; step < 6_000; step++)
            {
                try
                {
                    foreach (var (_, p) in parameters) p.grad = randn(128, 128);
                    optimizer.AscendToNeighbour();
                    optimizer.DescendAndStep();
                    optimizer.ZeroGrad();
                }
                catch (Exception e) when (e is ExternalException or InvalidOperationException)
                {
                    failures.Add($"step {step}: {e.Message.Split('\n')[0]} {e.StackTrace?.Split('\n').FirstOrDefault(l => l.Contains("SamAdam", StringComparison.Ordinal))?.Trim()}");
                }
            }
        }
        finally
        {
            Volatile.Write(ref stop, 1);
            collector.Join();
            optimizer.Dispose();
        }

        // Assert
        Assert.AreEqual(0, failures.Count, string.Join("\n", failures.Take(3)));
    }
}
