namespace QcsCloud.Reports;

/// <summary>A staged dataset: <c>staging/&lt;dataset&gt;/&lt;hash&gt;/manifest.json</c>.</summary>
public sealed record DatasetManifestRef(string Dataset, string ContentHash, string? Uri = null, int? SampleCount = null);
