namespace QcsCloud.Reports;

/// <summary>A picture of the report: its path relative to the report folder and its alt text / caption.</summary>
public sealed record ReportImage(string RelativePath, string Caption);
