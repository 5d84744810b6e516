using QcsCloud.Core;

namespace QcsCloud.Reports;

/// <summary>
/// Everything a run's report shows, as one record tree: the workflow's report activity builds it from the
/// jobs' <c>metrics.json</c> files and <see cref="ReportRenderer"/> turns it into <c>report.json</c>,
/// <c>report.md</c>, <c>report.html</c> and PNG plots. Serialised with <see cref="QcsJson"/>; the JSON shape is
/// fixed by <c>report.schema.json</c> (change it only additively, bumping <see cref="SchemaVersion"/> on a break).
/// </summary>
/// <param name="RunId">The run's id, as in <c>reports/&lt;run&gt;/</c>.</param>
/// <param name="CreatedUtc">When the report was built.</param>
/// <param name="Plan">What the run set out to do.</param>
/// <param name="Provenance">Code, packages, data and hardware the numbers came from.</param>
/// <param name="Datasets">One entry per dataset, in plan order.</param>
/// <param name="Failures">Jobs that failed (staging or training), with their errors.</param>
/// <param name="Budget">GPU-hour budget and what was used, when known.</param>
/// <param name="AttentionMaps">PNG figures written by <c>qcs explain</c>, embedded in the HTML when present.</param>
public sealed record RunReport(
    string RunId,
    DateTimeOffset CreatedUtc,
    RunPlanSummary Plan,
    ReportProvenance Provenance,
    IReadOnlyList<DatasetReport> Datasets,
    IReadOnlyList<JobFailure> Failures,
    BudgetNotes? Budget = null,
    IReadOnlyList<AttentionFigure>? AttentionMaps = null)
{
    /// <summary>Version of the <c>report.json</c> shape; 1 is the first published one.</summary>
    public const int CurrentSchemaVersion = 1;

    public int SchemaVersion { get; init; } = CurrentSchemaVersion;

    /// <summary>
    /// Ablation tables of a grid run (computed from <see cref="Datasets"/>; written to report.json for tools): one per
    /// dataset and phase with more than one arm. Null for a run of one mode without variants.
    /// </summary>
    public IReadOnlyList<AblationTable>? Ablations => AblationTable.Of(this) is { Count: > 0 } tables ? tables : null;
}
