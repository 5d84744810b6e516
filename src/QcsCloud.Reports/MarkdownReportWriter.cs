using System.Text;

namespace QcsCloud.Reports;

/// <summary>Writes <c>report.md</c>: GitHub-flavoured tables and links to the PNGs beside it.</summary>
public static class MarkdownReportWriter
{
    public static string Write(RunReport report, ReportImages images)
    {
        var md = new StringBuilder();
        md.AppendLine($"# QCS run `{report.RunId}`").AppendLine();
        var headline = ReportTables.Headline(report);
        if (!headline.IsEmpty)
        {
            md.AppendLine("## Summary").AppendLine();
            Table(md, headline);
        }
        if (report.Ablations is { Count: > 0 } ablations)
        {
            md.AppendLine("## Ablation").AppendLine().AppendLine(ReportText.Ablation).AppendLine();
            foreach (var table in ablations)
            {
                md.AppendLine($"### {Escape(table.Dataset)}, {Format.Phase(table.Phase)}").AppendLine();
                Table(md, ReportTables.Ablation(table));
                if (images.Ablation(table) is { } plot) md.AppendLine($"![{Escape(plot.Caption)}]({plot.RelativePath})").AppendLine();
            }
        }
        md.AppendLine("## Plan").AppendLine();
        Table(md, ReportTables.Plan(report));
        md.AppendLine("## Provenance").AppendLine();
        Table(md, ReportTables.Provenance(report));
        if (report.Budget is { } budget)
        {
            md.AppendLine("## GPU budget").AppendLine().AppendLine(ReportText.Budget(budget)).AppendLine();
            foreach (var note in budget.Notes) md.AppendLine($"- {Escape(note)}");
            if (budget.Notes.Count > 0) md.AppendLine();
        }

        md.AppendLine("## Results").AppendLine().AppendLine(ReportText.Protocol).AppendLine();
        foreach (var ds in report.Datasets)
        {
            md.AppendLine($"### {Escape(ds.Dataset)}").AppendLine();
            if (ds.Phases.Count == 0) md.AppendLine("No training ran for this dataset: see the failed jobs below.").AppendLine();
            else Table(md, ReportTables.Summary(ds));
            foreach (var phase in ds.Phases)
            {
                md.AppendLine($"#### {Escape(ds.Dataset)}, {Format.Phase(phase.Phase)} ({Format.Arm(phase)})").AppendLine();
                if (phase.InitFrom is not null) md.AppendLine($"Initialised from `{phase.InitFrom}`.").AppendLine();
                Table(md, ReportTables.Seeds(phase));
                if (ReportTables.CheckpointRoot(phase) is { } root) md.AppendLine($"Checkpoints under `{root}`.").AppendLine();
                if (images.For(PhaseKey.Of(ds, phase)) is { } img)
                    foreach (var i in new[] { img.AccuracyCurves, img.LossCurves, img.ConfusionCounts, img.ConfusionNormalised, img.PerClassAccuracy }.OfType<ReportImage>())
                        md.AppendLine($"![{Escape(i.Caption)}]({i.RelativePath})").AppendLine();
            }
        }

        if (images.Attention.Count > 0)
        {
            md.AppendLine("## Attention maps").AppendLine();
            md.AppendLine("CSA attention of each level, upsampled over the face (as in the paper's figures 8-9).").AppendLine();
            foreach (var (figure, image) in images.Attention)
                md.AppendLine($"![{Escape(figure.Caption)}]({image.RelativePath})").AppendLine().AppendLine($"*{Escape(figure.Caption)}*").AppendLine();
        }

        md.AppendLine("## Failed jobs").AppendLine();
        var failures = ReportTables.Failures(report);
        if (failures.IsEmpty) md.AppendLine("None.").AppendLine();
        else Table(md, failures);
        return md.ToString();
    }

    private static void Table(StringBuilder md, ReportTable table)
    {
        if (table.Headers.All(string.IsNullOrEmpty))
        {
            // Key/value tables: GitHub needs a header row; keep it blank-looking but valid.
            md.AppendLine("| | |").AppendLine("|---|---|");
        }
        else
        {
            md.AppendLine("| " + string.Join(" | ", table.Headers.Select(Escape)) + " |");
            md.AppendLine("|" + string.Concat(table.Headers.Select(_ => "---|")));
        }
        foreach (var row in table.Rows) md.AppendLine("| " + string.Join(" | ", row.Select(Escape)) + " |");
        md.AppendLine();
    }

    /// <summary>Keeps user text (errors, names) from breaking tables or turning into markup.</summary>
    public static string Escape(string text) => text
        .Replace("\\", "\\\\").Replace("|", "\\|").Replace("<", "&lt;").Replace(">", "&gt;")
        .Replace("\r", "").Replace("\n", "<br>");
}
