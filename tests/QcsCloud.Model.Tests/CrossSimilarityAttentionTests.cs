using static TorchSharp.torch;

namespace QcsCloud.Model.Tests;

/// <summary>docs/method.md section 5: test vectors (reference code, float64).</summary>
[TestClass]
public sealed class CrossSimilarityAttentionTests
{
    // QK_k[b,i,c] = sin(0.3k + 0.1(1+b) + 0.37i + 0.71c + 0.05ic), B=2, N=4, C=3.
    private static Tensor QK(int k)
    {
        var data = new double[2 * 4 * 3];
        for (var b = 0; b < 2; b++)
            for (var i = 0; i < 4; i++)
                for (var c = 0; c < 3; c++)
                    data[(b * 4 + i) * 3 + c] = Math.Sin(0.3 * k + 0.1 * (1 + b) + 0.37 * i + 0.71 * c + 0.05 * i * c);
        return tensor(data, [2, 4, 3], float64);
    }

    private static void AssertMap(double[][] expected, Tensor actual, string name)
    {
        var got = actual.data<double>().ToArray();
        var flat = expected.SelectMany(r => r).ToArray();
        Assert.AreEqual(flat.Length, got.Length, name);
        for (var i = 0; i < flat.Length; i++) Assert.AreEqual(flat[i], got[i], 1e-12, $"{name}[{i}]");
    }

    [TestMethod]
    public void Qcs_maps_with_theta_0_match_the_reference_to_1e_12()
    {
        using var scope = NewDisposeScope();
        var maps = CrossSimilarityAttention.Qcs(QK(0), QK(1), QK(2), QK(3), tensor(0.0, float64));
        AssertMap([[0.40936855280850415, 0.23061754534929224, 0.15174595146185166, 0.20826795038035184], [0.3925804996632816, 0.2289827157817392, 0.15630689269423345, 0.22212989186074586]], maps[0], "a");
        AssertMap([[0.6595062180556931, 0.21467654127934324, 0.07701556917800866, 0.04880167148695512], [0.6503200517256955, 0.220750119785854, 0.08025167991982933, 0.048678148568621155]], maps[1], "p");
        AssertMap([[0.03788895616352336, 0.055173529374285414, 0.14907252576661212, 0.7578649886955791], [0.03593380588069881, 0.05316836877953168, 0.15000387698052253, 0.760893948359247]], maps[2], "n");
        AssertMap([[0.16697463344901295, 0.14643765695038802, 0.2164178525043076, 0.4701698570962915], [0.17180595173675245, 0.15045178170384832, 0.22173293832661048, 0.4560093282327887]], maps[3], "n2");
    }

    [TestMethod]
    public void Qcs_maps_with_theta_half_match_the_reference_to_1e_12()
    {
        using var scope = NewDisposeScope();
        var maps = CrossSimilarityAttention.Qcs(QK(0), QK(1), QK(2), QK(3), tensor(0.5, float64));
        AssertMap([[0.5915483852639876, 0.18654897783123014, 0.08558367436912902, 0.13631896253565318], [0.5657091073596927, 0.18974562838481496, 0.09143036218290436, 0.1531149020725881]], maps[0], "a");
        AssertMap([[0.7786799112321245, 0.15202556540219855, 0.0394333131311085, 0.029861210234568423], [0.7693324751343222, 0.15823092623191598, 0.04199248644123544, 0.030444112192526244]], maps[1], "p");
        AssertMap([[0.016398370286388048, 0.022201981758279633, 0.0810901311172408, 0.8803095168380917], [0.015510816016509922, 0.021166874587454188, 0.08159914890964821, 0.8817231604863878]], maps[2], "n");
        AssertMap([[0.09158737305249187, 0.07340046374735729, 0.15128448416773457, 0.6837276790324162], [0.09595413520434651, 0.07660665028193736, 0.1588129736178612, 0.6686262408958551]], maps[3], "n2");
    }

    [TestMethod]
    public void Dcs_maps_match_the_reference_to_1e_12()
    {
        using var scope = NewDisposeScope();
        var maps = CrossSimilarityAttention.Dcs(QK(0), QK(1));
        AssertMap([[0.1157429618050799, 0.2288417175506819, 0.32861915720685864, 0.32679616343737966], [0.11732733857804156, 0.22660066723376263, 0.32866178380908745, 0.3274102103791083]], maps[0], "a");
        AssertMap([[0.33300354474346033, 0.3276646605816585, 0.23714312515442854, 0.10218866952045283], [0.3308918825639548, 0.33214567391879984, 0.2385809215808189, 0.09838152193642628]], maps[1], "p");
    }

    [TestMethod]
    public void The_min_and_max_are_batch_wide_so_another_sample_changes_a_map()
    {
        using var scope = NewDisposeScope();
        var alone = CrossSimilarityAttention.Dcs(QK(0)[..1], QK(1)[..1])[0];
        var inBatch = CrossSimilarityAttention.Dcs(QK(0), QK(1))[0][..1];
        Assert.IsFalse(alone.allclose(inBatch, 1e-9, 1e-12), "a per-sample min/max would give identical maps");
    }
}
