using System.Text;
using static TorchSharp.torch;
using Module = TorchSharp.torch.nn.Module;

namespace QcsCloud.Model.Tests;

/// <summary>
/// Weights and inputs both sides compute from a formula (bench/pytorch/make_fixtures.py has the same functions), so
/// the fixtures hold only expected outputs.
/// </summary>
internal static class WeightFormula
{
    private static int ByteSum(string name) => Encoding.UTF8.GetBytes(name).Sum(b => b);

    /// <summary>make_fixtures.py formula(): a sin pattern with a quadratic-residue phase, scaled per kind of tensor.</summary>
    public static Tensor Parity(string name, long[] shape)
    {
        var k = ByteSum(name) % 97 * 0.1;
        var numel = shape.Aggregate(1L, (a, b) => a * b);
        var v = new float[numel];
        for (long j = 0; j < numel; j++)
        {
            var s = Math.Sin(0.37 * j + 0.001 * (j * j % 1000003) + k);
            double x;
            if (shape.Length == 0) x = 0.2 + 0.3 * Math.Sin(k);
            else if (name.EndsWith("running_var")) x = 1 + 0.5 * s;
            else if (name.EndsWith("running_mean")) x = 0.1 * s;
            else if (shape.Length == 1 && name.EndsWith("weight")) x = 1 + 0.1 * s;
            else if (shape.Length == 1) x = 0.02 * s;
            else x = s / Math.Sqrt((double)numel / shape[0]);
            v[j] = (float)x;
        }
        return tensor(v, shape);
    }

    /// <summary>make_fixtures.py exact(): multiples of 1/1024, exactly representable, for round-trip checks.</summary>
    public static Tensor Exact(string name, long[] shape)
    {
        var k = ByteSum(name);
        var numel = shape.Aggregate(1L, (a, b) => a * b);
        var v = new float[numel];
        for (long j = 0; j < numel; j++) v[j] = (float)((j * 7 + k) % 201 - 100) / 1024f;
        return tensor(v, shape);
    }

    public static void Fill(Module module, Func<string, long[], Tensor> formula)
    {
        using var _ = no_grad();
        foreach (var (name, t) in module.state_dict())
        {
            if (name.EndsWith("num_batches_tracked")) continue;
            using var value = formula(name, t.shape);
            t.copy_(value);
        }
    }

    /// <summary>make_fixtures.py images(): [batch, 3, size, size].</summary>
    public static Tensor Images(int size, int branch, int batch)
    {
        var n = (long)batch * 3 * size * size;
        var v = new float[n];
        for (long i = 0; i < n; i++)
            v[i] = (float)(1.5 * Math.Sin(0.013 * i + 0.001 * (i * i % 1000003) + 0.7 * branch + 0.1));
        return tensor(v, [batch, 3, size, size]);
    }
}
