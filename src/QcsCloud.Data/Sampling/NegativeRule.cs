namespace QcsCloud.Data.Sampling;

/// <summary>How the negative's class is chosen for a quadruplet.</summary>
public enum NegativeRule
{
    /// <summary>RAF-DB, FERPlus: a random image of any other class, so classes come by their frequency.</summary>
    FrequencyWeighted,
    /// <summary>AffectNet: a uniform class among the other (non-empty) classes, then a random image of it.</summary>
    UniformClass,
}
