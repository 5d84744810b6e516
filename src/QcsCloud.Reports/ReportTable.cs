namespace QcsCloud.Reports;

/// <summary>A table of plain-text cells; the Markdown and HTML writers render the same tables.</summary>
public sealed record ReportTable(IReadOnlyList<string> Headers, IReadOnlyList<IReadOnlyList<string>> Rows)
{
    public bool IsEmpty => Rows.Count == 0;
}
