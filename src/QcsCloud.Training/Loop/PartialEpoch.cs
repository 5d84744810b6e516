namespace QcsCloud.Training.Loop;

/// <summary>Running sums of an epoch stopped part-way, kept in the checkpoint so the resumed epoch reports the same numbers.</summary>
public sealed record PartialEpoch(double LossSum, int Correct, int Seen, double Seconds);
