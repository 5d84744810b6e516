namespace QcsCloud.Data.Datasets;

/// <summary>One labelled image. <paramref name="Id"/> is stable across layouts (relative path or CSV image name).</summary>
/// <param name="Label">0-based class index into <see cref="LoadedDataset.ClassNames"/>.</param>
public sealed record Sample(string Id, int Label, DatasetSplit Split, ImageSource Image);
