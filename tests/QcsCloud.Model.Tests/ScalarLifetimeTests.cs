using System.Runtime.InteropServices;
using static TorchSharp.torch;

namespace QcsCloud.Model.Tests;

/// <summary>
/// The train-mode forward under garbage collections started by another thread, as the data loader's workers start
/// them. TorchSharp 0.107 hands a temporary Scalar's handle to libtorch without keeping the object alive, so a
/// collection mid-call frees it (see <see cref="Scalars"/>): "Unknown scalar type", "alpha must not be a floating
/// point number", or a silently wrong value and a NaN loss.
/// </summary>
[TestClass]
public sealed class ScalarLifetimeTests
{
    [TestMethod]
    public void Batch_norm_in_train_mode_never_reads_a_scalar_freed_by_a_collection_on_another_thread()
    {
        // Arrange: TorchSharp's own BatchNorm2d counted its batches with two temporary Scalars (add_(1), alpha 1);
        // with it this test failed in every run (~1 in 2,000 calls). A tiny input keeps the native calls short and many.
        using var scope = NewDisposeScope();
        var norm = new Layers.SafeBatchNorm2d(4);
        norm.train();
        using var input = randn(2, 4, 2, 2);

        // Act
        var failures = UnderCollections(20_000, _ =>
        {
            using var step = NewDisposeScope();
            norm.call(input);
        });

        // Assert: no failure, and every call counted (a freed alpha can add garbage instead of 1).
        Assert.AreEqual(0, failures.Count, string.Join("\n", failures.Take(3)));
        Assert.AreEqual(20_000L, norm.num_batches_tracked!.item<long>());
    }

    private static List<string> UnderCollections(int calls, Action<int> call)
    {
        var stop = 0;
        var collector = new Thread(() => { while (Volatile.Read(ref stop) == 0) { GC.Collect(); GC.WaitForPendingFinalizers(); } });
        collector.Start();
        try { return Run(calls, call); }
        finally
        {
            Volatile.Write(ref stop, 1);
            collector.Join();
        }
    }

    private static List<string> Run(int calls, Action<int> call)
    {
        var failures = new List<string>();
        for (var i = 0; i < calls; i++)
        {
            try { call(i); }
            catch (Exception e) when (e is ExternalException or InvalidOperationException or ArgumentException)
            {
                failures.Add($"call {i}: {e.Message.Split('\n')[0]}");
            }
        }
        return failures;
    }
}
