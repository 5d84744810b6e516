namespace QcsCloud.Workflow.Models;

/// <summary>Output of <c>PublishReportActivity</c>.</summary>
/// <param name="UsableModels">Training jobs with a succeeded completion record; 0 makes the run Failed.</param>
public sealed record ReportPublished(string ReportUri, int UsableModels);
