namespace QcsCloud.Reports;

/// <summary>Where the run's numbers came from, so that a reader can reproduce them.</summary>
/// <param name="CodeCommit">Git commit of the trainer image.</param>
/// <param name="PackageVersions">Package name to version (TorchSharp, libtorch, ...).</param>
/// <param name="DatasetManifests">Content hash of each dataset's staged manifest.</param>
/// <param name="Seeds">Every seed the run used.</param>
/// <param name="Hardware">GPU/CPU description of the training jobs.</param>
/// <param name="ToolVersion">Version of the <c>qcs</c> tool / workflow that built the report.</param>
public sealed record ReportProvenance(
    string CodeCommit,
    IReadOnlyDictionary<string, string> PackageVersions,
    IReadOnlyList<DatasetManifestRef> DatasetManifests,
    IReadOnlyList<int> Seeds,
    string Hardware,
    string? ToolVersion = null);
