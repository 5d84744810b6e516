namespace QcsCloud.Data.Synthetic;

/// <summary>What <see cref="SyntheticDatasetWriter.Write"/> wrote: kept images per class and split, and rule-dropped rows.</summary>
public sealed record SyntheticSummary(string Format, string Root, int TrainPerClass, int TestPerClass, int KeptImages, int DroppedRows);
