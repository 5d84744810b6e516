namespace QcsCloud.Training.Recipes;

/// <summary>How tuples are drawn per epoch: a shuffle of the training set, or class-balanced with replacement (AffectNet).</summary>
public enum SamplerKind
{
    Shuffle,
    Balanced,
}
