using System.Net;
using System.Text;

namespace QcsCloud.Reports;

/// <summary>
/// Writes <c>report.html</c>: one self-contained page (inline CSS, no scripts, no web fonts, every picture embedded
/// as a PNG data URI), so that it can be mailed or opened from a downloaded blob without its folder.
/// </summary>
public static class HtmlReportWriter
{
    public static string Write(RunReport report, ReportImages images, string outputDir)
    {
        var h = new StringBuilder();
        h.AppendLine("<!DOCTYPE html>");
        h.AppendLine("<html lang=\"en\"><head><meta charset=\"utf-8\">");
        h.AppendLine("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        h.AppendLine($"<title>QCS run {E(report.RunId)}</title>");
        h.AppendLine($"<style>{Css}</style></head><body>");
        h.AppendLine($"<header><h1>QCS run <code>{E(report.RunId)}</code></h1>");
        h.AppendLine($"<p class=\"sub\">{E(Format.Mode(report.Plan.Mode))} on {E(string.Join(", ", report.Plan.Datasets))} · seeds {E(string.Join(", ", report.Plan.Seeds))} · {E(Format.Utc(report.CreatedUtc))}</p>");
        h.AppendLine(Badges(report)).AppendLine(Nav(report)).AppendLine("</header><main>");

        var headline = ReportTables.Headline(report);
        if (!headline.IsEmpty)
        {
            h.AppendLine("<section id=\"summary\"><h2>Summary</h2>");
            Table(h, headline, "headline");
            h.AppendLine("</section>");
        }

        if (report.Ablations is { Count: > 0 } ablations)
        {
            h.AppendLine($"<section id=\"ablation\"><h2>Ablation</h2><p class=\"note\">{E(ReportText.Ablation)}</p>");
            foreach (var table in ablations)
            {
                h.AppendLine($"<div class=\"ablation-table\" id=\"ablation-{new PhaseKey(table.Dataset, table.Phase).Stem}\"><h4>{E(table.Dataset)}, {E(Format.Phase(table.Phase))}</h4>");
                Table(h, ReportTables.Ablation(table), "ablation");
                Figures(h, outputDir, "ablation-plot", images.Ablation(table));
                h.AppendLine("</div>");
            }
            h.AppendLine("</section>");
        }

        h.AppendLine("<section id=\"plan\" class=\"two\"><div><h2>Plan</h2>");
        KeyValues(h, ReportTables.Plan(report));
        h.AppendLine("</div><div><h2>Provenance</h2>");
        KeyValues(h, ReportTables.Provenance(report));
        h.AppendLine("</div></section>");

        if (report.Budget is { } budget)
        {
            h.AppendLine($"<section id=\"budget\"><h2>GPU budget</h2><p>{E(ReportText.Budget(budget))}</p>");
            if (budget.Notes.Count > 0) h.AppendLine("<ul>" + string.Concat(budget.Notes.Select(n => $"<li>{E(n)}</li>")) + "</ul>");
            h.AppendLine("</section>");
        }

        h.AppendLine($"<section id=\"results\"><h2>Results</h2><p class=\"note\">{E(ReportText.Protocol)}</p>");
        foreach (var ds in report.Datasets)
        {
            var dsId = "ds-" + PhaseKey.Slug(ds.Dataset);
            h.AppendLine($"<article class=\"dataset\" id=\"{dsId}\"><h3>{E(ds.Dataset)} <span class=\"classes\">{ds.ClassNames.Count} classes: {E(string.Join(", ", ds.ClassNames))}</span></h3>");
            if (ds.Phases.Count == 0) h.AppendLine("<p class=\"error\">No training ran for this dataset: see the failed jobs below.</p>");
            else Table(h, ReportTables.Summary(ds), "summary");
            foreach (var phase in ds.Phases)
            {
                var key = PhaseKey.Of(ds, phase);
                h.AppendLine($"<div class=\"phase\" id=\"{dsId}-{Core.BlobLayout.PhaseName(phase.Phase)}{(phase.Arm is null ? "" : "-" + PhaseKey.Slug(phase.Arm))}\"><h4>{E(Format.Phase(phase.Phase))} · {E(Format.Arm(phase))}</h4>");
                if (phase.InitFrom is not null) h.AppendLine($"<p class=\"note\">Initialised from <code>{E(phase.InitFrom)}</code>.</p>");
                Table(h, ReportTables.Seeds(phase), "seeds");
                if (ReportTables.CheckpointRoot(phase) is { } root) h.AppendLine($"<p class=\"note\">Checkpoints under <code class=\"path\">{E(root)}</code></p>");
                if (images.For(key) is { } img)
                {
                    Figures(h, outputDir, "curves", img.AccuracyCurves, img.LossCurves);
                    Figures(h, outputDir, "confusion", img.ConfusionCounts, img.ConfusionNormalised);
                    Figures(h, outputDir, "per-class", img.PerClassAccuracy);
                }
                var errors = phase.Seeds.Where(s => s.Error is not null).ToList();
                foreach (var s in errors) h.AppendLine($"<p class=\"error\">Seed {s.Seed}: {E(s.Error!)}</p>");
                h.AppendLine("</div>");
            }
            h.AppendLine("</article>");
        }
        h.AppendLine("</section>");

        if (images.Attention.Count > 0)
        {
            h.AppendLine("<section id=\"attention\"><h2>Attention maps</h2>");
            h.AppendLine("<p class=\"note\">CSA attention of each level, upsampled over the face (as in the paper's figures 8-9): where the model looks.</p><div class=\"figs\">");
            foreach (var (_, image) in images.Attention) Figure(h, outputDir, image, "attention-map");
            h.AppendLine("</div></section>");
        }

        h.AppendLine("<section id=\"failures\"><h2>Failed jobs</h2>");
        var failures = ReportTables.Failures(report);
        if (failures.IsEmpty) h.AppendLine("<p class=\"ok\">None: every job that ran finished.</p>");
        else Table(h, failures, "failures");
        h.AppendLine("</section>");

        h.AppendLine($"<footer>report.json schema version {report.SchemaVersion} · generated by QcsCloud.Reports</footer>");
        h.AppendLine("</main></body></html>");
        return h.ToString();
    }

    private static string Badges(RunReport report)
    {
        var seeds = report.Datasets.SelectMany(d => d.Phases).SelectMany(p => p.Seeds).ToList();
        var ok = seeds.Count(s => s.Outcome == SeedOutcome.Succeeded);
        var failed = seeds.Count(s => s.Outcome == SeedOutcome.Failed) + report.Failures.Count(f => f.Seed is null);
        var other = seeds.Count - ok - seeds.Count(s => s.Outcome == SeedOutcome.Failed);
        var b = new StringBuilder("<p class=\"badges\">");
        b.Append($"<span class=\"badge ok\">{ok} succeeded</span>");
        if (failed > 0) b.Append($"<span class=\"badge bad\">{failed} failed</span>");
        if (other > 0) b.Append($"<span class=\"badge\">{other} not finished</span>");
        return b.Append("</p>").ToString();
    }

    /// <summary>In-page links: a long report (four datasets, two phases) is a lot of scrolling.</summary>
    private static string Nav(RunReport report)
    {
        var links = new List<(string Id, string Text)> { ("summary", "Summary") };
        if (report.Ablations is { Count: > 0 }) links.Add(("ablation", "Ablation"));
        links.Add(("plan", "Plan"));
        links.AddRange(report.Datasets.Select(d => ("ds-" + PhaseKey.Slug(d.Dataset), d.Dataset)));
        if (report.AttentionMaps is { Count: > 0 }) links.Add(("attention", "Attention maps"));
        links.Add(("failures", report.Failures.Count > 0 ? $"Failed jobs ({report.Failures.Count})" : "Failed jobs"));
        if (report.Datasets.All(d => d.Phases.Count == 0)) links.RemoveAt(0);   // no summary table then
        return "<nav>" + string.Concat(links.Select(l => $"<a href=\"#{l.Id}\">{E(l.Text)}</a>")) + "</nav>";
    }

    private static void Figures(StringBuilder h, string outputDir, string css, params ReportImage?[] images)
    {
        var present = images.OfType<ReportImage>().ToList();
        if (present.Count == 0) return;
        h.AppendLine($"<div class=\"figs {css}\">");
        foreach (var image in present) Figure(h, outputDir, image, css);
        h.AppendLine("</div>");
    }

    private static void Figure(StringBuilder h, string outputDir, ReportImage image, string css)
    {
        var bytes = File.ReadAllBytes(Path.Combine(outputDir, image.RelativePath));
        h.Append($"<figure class=\"{css}\"><img alt=\"{E(image.Caption)}\" data-file=\"{E(image.RelativePath)}\" src=\"data:image/png;base64,");
        h.Append(Convert.ToBase64String(bytes));
        h.AppendLine($"\"><figcaption>{E(image.Caption)}</figcaption></figure>");
    }

    private static void KeyValues(StringBuilder h, ReportTable table)
    {
        h.AppendLine("<table class=\"kv\"><tbody>");
        foreach (var row in table.Rows) h.AppendLine($"<tr><th scope=\"row\">{E(row[0])}</th><td>{E(row[1])}</td></tr>");
        h.AppendLine("</tbody></table>");
    }

    private static void Table(StringBuilder h, ReportTable table, string css)
    {
        h.AppendLine($"<div class=\"scroll\"><table class=\"{css}\"><thead><tr>");
        foreach (var head in table.Headers) h.Append($"<th>{E(head)}</th>");
        h.AppendLine("</tr></thead><tbody>");
        foreach (var row in table.Rows)
        {
            h.Append("<tr>");
            foreach (var cell in row) h.Append($"<td{CellClass(cell)}>{E(cell)}</td>");
            h.AppendLine("</tr>");
        }
        h.AppendLine("</tbody></table></div>");
    }

    /// <summary>Colours outcomes and differences to the paper; everything else is plain.</summary>
    private static string CellClass(string cell) => cell switch
    {
        "Succeeded" => " class=\"ok\"",
        "Failed" or "Cancelled" => " class=\"bad\"",
        _ when cell.StartsWith('+') => " class=\"pos\"",
        _ when cell.StartsWith('−') => " class=\"neg\"",
        _ => "",
    };

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private const string Css = """
        :root{--fg:#1d2330;--muted:#5b6473;--line:#dfe3ea;--bg:#f6f7fa;--card:#fff;--accent:#2f6fdf;--ok:#1b7f3b;--bad:#b3261e}
        *{box-sizing:border-box}
        body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI","DejaVu Sans",sans-serif;color:var(--fg);background:var(--bg)}
        header{background:#1d2a44;color:#fff;padding:24px 32px}
        header h1{margin:0;font-size:26px} header code{background:rgba(255,255,255,.12);padding:2px 8px;border-radius:6px}
        .sub{margin:6px 0 0;color:#c9d3e6}
        main{max-width:1280px;margin:0 auto;padding:16px 32px 48px}
        section{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:16px 24px;margin:20px 0}
        section.two{display:grid;grid-template-columns:1fr 1fr;gap:24px}
        @media (max-width:900px){section.two{grid-template-columns:1fr}}
        h2{margin:4px 0 12px;font-size:20px} h3{font-size:18px;margin:22px 0 8px;border-bottom:2px solid var(--line);padding-bottom:4px}
        h4{font-size:16px;margin:18px 0 6px;color:var(--accent)}
        .classes{font-weight:normal;font-size:13px;color:var(--muted);margin-left:8px}
        .note{color:var(--muted);font-size:13px}
        .scroll{overflow-x:auto}
        table{border-collapse:collapse;margin:8px 0;font-size:14px}
        th,td{border-bottom:1px solid var(--line);padding:5px 10px;text-align:left;vertical-align:top}
        thead th{background:#eef1f6;font-weight:600;vertical-align:bottom}
        table.kv th{color:var(--muted);font-weight:normal;white-space:nowrap}
        table.kv td{word-break:break-all;font-family:ui-monospace,"DejaVu Sans Mono",monospace;font-size:13px}
        table.summary td,table.seeds td,table.headline td,table.ablation td{font-variant-numeric:tabular-nums}
        table.headline{font-size:15px} table.headline td:nth-child(3){font-weight:700}
        table.seeds td:last-child{font-family:ui-monospace,"DejaVu Sans Mono",monospace;font-size:12px}
        code.path{word-break:break-all}
        td.ok{color:var(--ok);font-weight:600} td.bad{color:var(--bad);font-weight:600}
        td.pos{color:var(--ok)} td.neg{color:var(--bad)}
        table.failures td:last-child{font-family:ui-monospace,"DejaVu Sans Mono",monospace;font-size:12px;white-space:pre-wrap;color:var(--bad)}
        .figs{display:flex;flex-wrap:wrap;gap:16px;margin:10px 0}
        figure{margin:0;flex:1 1 420px;max-width:640px} figure img{width:100%;height:auto;border:1px solid var(--line);border-radius:6px;background:#fff}
        figure.attention-map{flex:1 1 300px;max-width:420px}
        figcaption{font-size:12px;color:var(--muted);margin-top:4px}
        .badges{margin:10px 0 0} .badge{display:inline-block;padding:2px 10px;border-radius:12px;background:rgba(255,255,255,.15);margin-right:8px;font-size:13px}
        .badge.ok{background:#2e7d4f} .badge.bad{background:#b3261e}
        nav{margin-top:12px} nav a{color:#c9d3e6;margin-right:16px;font-size:14px;text-decoration:none;border-bottom:1px dotted #8a9bbd}
        nav a:hover{color:#fff}
        p.error{color:var(--bad);font-family:ui-monospace,"DejaVu Sans Mono",monospace;font-size:13px;white-space:pre-wrap}
        p.ok{color:var(--ok)}
        footer{color:var(--muted);font-size:12px;text-align:center;margin-top:24px}
        """;
}
