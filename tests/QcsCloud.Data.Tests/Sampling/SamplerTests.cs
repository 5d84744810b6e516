using QcsCloud.Core;
using QcsCloud.Data.Sampling;

namespace QcsCloud.Data.Tests.Sampling;

/// <summary>Sampling rules of docs/method.md section 3, checked over many draws.</summary>
[TestClass]
public sealed class SamplerTests
{
    // Imbalanced like the real sets: 4 classes with 50, 10, 200 and 40 images, interleaved.
    private static readonly int[] Counts = [50, 10, 200, 40];
    private static readonly int[] Labels = Enumerable.Range(0, 4).SelectMany(c => Enumerable.Repeat(c, Counts[c])).OrderBy(i => (i * 7919) % 300).ToArray();

    private static IEnumerable<int[]> Draws(ISampler sampler, int epochs) => Enumerable.Range(0, epochs).SelectMany(sampler.Epoch);

    [TestMethod]
    public void Shuffle_is_a_permutation_that_changes_every_epoch_and_repeats_for_the_same_seed()
    {
        var sampler = new ShuffleSampler(300, seed: 1);

        var e0 = sampler.Epoch(0).Select(t => t[0]).ToArray();
        var e1 = sampler.Epoch(1).Select(t => t[0]).ToArray();

        CollectionAssert.AreEquivalent(Enumerable.Range(0, 300).ToArray(), e0);
        CollectionAssert.AreNotEqual(e0, e1);
        CollectionAssert.AreEqual(e0, new ShuffleSampler(300, seed: 1).Epoch(0).Select(t => t[0]).ToArray());
        CollectionAssert.AreNotEqual(e0, new ShuffleSampler(300, seed: 2).Epoch(0).Select(t => t[0]).ToArray());
    }

    [TestMethod]
    public void Positive_is_another_image_of_the_anchors_class_chosen_uniformly()
    {
        var sampler = new PairSampler(new ShuffleSampler(Labels.Length, 3), Labels, 4, seed: 3);

        const int epochs = 1000;
        var draws = Draws(sampler, epochs).ToArray();

        Assert.IsTrue(draws.All(t => t[0] != t[1]), "positive is never the anchor");
        Assert.IsTrue(draws.All(t => Labels[t[0]] == Labels[t[1]]));
        // Class 1 has 10 images: the anchor comes up once per epoch and each of its 9 candidates is Binomial(n, 1/9).
        var anchor = Enumerable.Range(0, Labels.Length).First(i => Labels[i] == 1);
        var picks = draws.Where(t => t[0] == anchor).GroupBy(t => t[1]).ToDictionary(g => g.Key, g => g.Count());
        var n = draws.Count(t => t[0] == anchor);
        Assert.AreEqual(epochs, n, "the anchor is drawn once per epoch");
        const double p = 1.0 / 9;
        var mean = n * p;                                           // 111.1
        var bound = 4.5 * Math.Sqrt(n * p * (1 - p));              // 4.5 sigma = 44.7: a candidate at twice its share (222) fails
        Assert.AreEqual(9, picks.Count);
        foreach (var (candidate, count) in picks)
            Assert.AreEqual(mean, count, bound, $"candidate {candidate}: {string.Join(",", picks.Values)}");
    }

    [TestMethod]
    public void Rafdb_negative_class_follows_class_frequency_among_the_other_classes()
    {
        var sampler = new QuadrupletSampler(new ShuffleSampler(Labels.Length, 4), Labels, 4, seed: 4, NegativeRule.FrequencyWeighted);

        var draws = Draws(sampler, 200).ToArray();                       // 60,000 quadruplets

        foreach (var y in Enumerable.Range(0, 4))
        {
            var ofY = draws.Where(t => Labels[t[0]] == y).ToArray();
            var outside = Labels.Length - Counts[y];
            foreach (var c in Enumerable.Range(0, 4).Where(c => c != y))
            {
                var expected = (double)Counts[c] / outside;
                var observed = (double)ofY.Count(t => Labels[t[2]] == c) / ofY.Length;
                Assert.AreEqual(expected, observed, 4 * Math.Sqrt(expected * (1 - expected) / ofY.Length) + 0.002, $"anchor class {y}, negative class {c}");
            }
        }
    }

    [TestMethod]
    public void Affectnet_negative_class_is_uniform_among_the_other_classes()
    {
        var sampler = new QuadrupletSampler(new ShuffleSampler(Labels.Length, 5), Labels, 4, seed: 5, NegativeRule.UniformClass);

        var draws = Draws(sampler, 200).ToArray();

        foreach (var y in Enumerable.Range(0, 4))
        {
            var ofY = draws.Where(t => Labels[t[0]] == y).ToArray();
            foreach (var c in Enumerable.Range(0, 4).Where(c => c != y))
            {
                var observed = (double)ofY.Count(t => Labels[t[2]] == c) / ofY.Length;
                Assert.AreEqual(1 / 3.0, observed, 4 * Math.Sqrt(2 / 9.0 / ofY.Length) + 0.002, $"anchor class {y}, negative class {c}");
            }
        }
    }

    [TestMethod]
    public void Quadruplets_keep_every_rule_on_every_draw()
    {
        foreach (var rule in Enum.GetValues<NegativeRule>())
        {
            var sampler = new QuadrupletSampler(new ShuffleSampler(Labels.Length, 6), Labels, 4, seed: 6, rule);
            foreach (var t in Draws(sampler, 20))
            {
                Assert.AreNotEqual(t[0], t[1]);
                Assert.AreEqual(Labels[t[0]], Labels[t[1]], "p shares a's class");
                Assert.AreNotEqual(Labels[t[0]], Labels[t[2]], "n is from another class");
                Assert.AreEqual(Labels[t[2]], Labels[t[3]], "n2 shares n's class");
                Assert.AreNotEqual(t[2], t[3], "n2 is another image than n");
            }
        }
    }

    [TestMethod]
    public void Balanced_sampler_draws_classes_equally_with_replacement_and_a_twelfth_per_epoch()
    {
        var sampler = new BalancedSampler(Labels, 4, seed: 7);

        var epoch0 = sampler.Epoch(0);
        var draws = Draws(sampler, 400).Select(t => t[0]).ToArray();

        Assert.AreEqual(25, epoch0.Count, "ceil(300 / 12)");
        CollectionAssert.AreNotEqual(epoch0.Select(t => t[0]).ToArray(), sampler.Epoch(1).Select(t => t[0]).ToArray(), "rebuilt every epoch");
        foreach (var c in Enumerable.Range(0, 4))
        {
            var observed = (double)draws.Count(i => Labels[i] == c) / draws.Length;
            Assert.AreEqual(0.25, observed, 4 * Math.Sqrt(0.25 * 0.75 / draws.Length), $"class {c}");
        }
        // Class 1 has 10 images and gets 1/4 of 10,000 draws: images repeat (with replacement), all appear.
        Assert.AreEqual(10, draws.Where(i => Labels[i] == 1).Distinct().Count());
    }

    [TestMethod]
    public void Training_samplers_follow_mode_and_dataset()
    {
        Assert.AreEqual(1, Samplers.ForTraining(TrainingMode.Baseline, DatasetKind.RafDb, Labels, 4, 0).Branches);
        Assert.AreEqual(2, Samplers.ForTraining(TrainingMode.Dcs, DatasetKind.FerPlus, Labels, 4, 0).Branches);
        var affectNet = Samplers.ForTraining(TrainingMode.Qcs, DatasetKind.AffectNet8, Labels, 4, 0);
        Assert.AreEqual(4, affectNet.Branches);
        Assert.AreEqual(25, affectNet.Epoch(0).Count, "AffectNet: balanced anchors, 1/12 per epoch");
        Assert.AreEqual(300, Samplers.ForTraining(TrainingMode.Qcs, DatasetKind.RafDb, Labels, 4, 0).Epoch(0).Count);
    }

    [TestMethod]
    public void A_class_with_a_single_image_is_refused_by_name()
    {
        int[] labels = [0, 0, 1, 2, 2];

        var error = Assert.ThrowsExactly<ArgumentException>(() =>
            new PairSampler(new ShuffleSampler(5, 0), labels, 3, 0, ["Happy", "Sad", "Fear"]));

        StringAssert.Contains(error.Message, "class 1 (Sad) has 1 training image");
    }
}
