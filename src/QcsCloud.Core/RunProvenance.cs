namespace QcsCloud.Core;

/// <summary>Where a model came from: enough to reproduce it and to refuse a mismatched load.</summary>
public sealed record RunProvenance(
    string CodeCommit,
    string Configuration,
    IReadOnlyList<string> ClassNames,
    string? DatasetManifestHash,
    IReadOnlyList<string> InitChain,
    IReadOnlyDictionary<string, string> PackageVersions,
    string Hardware);
