using QcsCloud.Core;
using QcsCloud.Data.Datasets;

namespace QcsCloud.Training.Explain;

/// <summary>
/// Picks the images to explain, deterministically (same dataset, same picks): anchors from as many different classes
/// as possible, each with the next image of its class as positive and, for QCS, two images of the following class as
/// the negatives n and n2 (the sampler's rule: a different class, both negatives of one class).
/// </summary>
public static class ExplainSelection
{
    public static IReadOnlyList<ExplainTuple> Pick(LoadedDataset data, DatasetSplit split, int count, TrainingMode mode)
    {
        if (count < 1) throw new TrainingInputException($"--count ({count}) must be at least 1");
        if (mode == TrainingMode.Baseline)
            throw new TrainingInputException("a baseline model has no cross similarity attention: explain needs a dcs or qcs checkpoint");
        var samples = data.Split(split);
        var byClass = Enumerable.Range(0, data.NumClasses).Select(c => samples.Where(s => s.Label == c).ToList()).ToArray();
        var usable = Enumerable.Range(0, data.NumClasses).Where(c => byClass[c].Count >= 2).ToList();
        if (usable.Count == 0 || (mode == TrainingMode.Qcs && usable.Count < 2))
            throw new TrainingInputException(
                $"the {split} split of '{data.Root}' needs at least {(mode == TrainingMode.Qcs ? "two classes" : "one class")} with two images or more to form {(mode == TrainingMode.Qcs ? "quadruplets" : "pairs")}");

        var tuples = new List<ExplainTuple>();
        for (var i = 0; i < count; i++)
        {
            var c = usable[i % usable.Count];
            var round = i / usable.Count;                     // later rounds take later images of the class
            var images = byClass[c];
            var anchor = images[(2 * round) % images.Count];
            var positive = images[(2 * round + 1) % images.Count];
            if (ReferenceEquals(anchor, positive)) break;     // class exhausted
            var partners = new List<Sample> { positive };
            if (mode == TrainingMode.Qcs)
            {
                var negatives = byClass[usable[(usable.IndexOf(c) + 1) % usable.Count]];
                partners.Add(negatives[(2 * round) % negatives.Count]);
                partners.Add(negatives[(2 * round + 1) % negatives.Count]);
            }
            tuples.Add(new ExplainTuple(anchor, partners));
        }
        return tuples;
    }
}
