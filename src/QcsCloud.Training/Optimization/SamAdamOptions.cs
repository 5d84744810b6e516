namespace QcsCloud.Training.Optimization;

/// <summary>
/// SAM around Adam as the reference trains (docs/method.md section 3): rho 0.05, not adaptive;
/// Adam betas 0.9/0.999, eps 1e-8, no weight decay; ExponentialLR gamma 0.98 per epoch.
/// </summary>
public sealed record SamAdamOptions(
    double LearningRate,
    double Rho = 0.05,
    double Beta1 = 0.9,
    double Beta2 = 0.999,
    double Eps = 1e-8,
    double WeightDecay = 0,
    double LrGamma = 0.98)
{
    /// <summary>Learning rate of a 0-based epoch: ExponentialLR steps once per finished epoch.</summary>
    public double LearningRateAt(int epoch) => LearningRate * Math.Pow(LrGamma, epoch);

    public void Validate()
    {
        if (!(LearningRate > 0) || double.IsInfinity(LearningRate))
            throw new ArgumentException($"LearningRate ({LearningRate}) must be a positive number");
        if (!(Rho >= 0)) throw new ArgumentException($"Rho ({Rho}) must be >= 0");
        if (!(Beta1 >= 0 && Beta1 < 1)) throw new ArgumentException($"Beta1 ({Beta1}) must be in [0, 1)");
        if (!(Beta2 >= 0 && Beta2 < 1)) throw new ArgumentException($"Beta2 ({Beta2}) must be in [0, 1)");
        if (!(Eps > 0)) throw new ArgumentException($"Eps ({Eps}) must be > 0");
        if (!(WeightDecay >= 0)) throw new ArgumentException($"WeightDecay ({WeightDecay}) must be >= 0");
        if (!(LrGamma > 0 && LrGamma <= 1)) throw new ArgumentException($"LrGamma ({LrGamma}) must be in (0, 1]");
    }
}
