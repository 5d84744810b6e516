using System.Text.Json.Nodes;
using QcsCloud.Tests.Shared.Chromium;

namespace QcsCloud.Reports.Tests;

/// <summary>The rendered report opened in headless Chromium: no console errors, every image loaded, the expected elements present.</summary>
[TestClass]
public sealed class ReportBrowserTests
{
    private static HeadlessChromium chromium = null!;

    public TestContext TestContext { get; set; } = null!;

    [ClassInitialize]
    public static async Task StartBrowser(TestContext context) =>
        chromium = await HeadlessChromium.StartAsync(context.CancellationToken);

    [ClassCleanup]
    public static async Task StopBrowser()
    {
        if (chromium is not null) await chromium.DisposeAsync();
    }

    private const string Inspect = """
        (() => {
          const imgs = [...document.images];
          return {
            title: document.title,
            images: imgs.length,
            broken: imgs.filter(i => !(i.complete && i.naturalWidth > 0)).map(i => i.alt),
            external: [...document.querySelectorAll('script,link,img,iframe,object,embed')]
              .map(e => e.getAttribute('src') || e.getAttribute('href') || '').filter(u => u && !u.startsWith('data:')),
            resources: performance.getEntriesByType('resource').map(r => r.name),
            sections: [...document.querySelectorAll('section[id]')].map(s => s.id),
            datasets: [...document.querySelectorAll('article.dataset h3')].map(h => h.firstChild.textContent.trim()),
            summaryRows: document.querySelectorAll('table.summary tbody tr').length,
            seedRows: document.querySelectorAll('table.seeds tbody tr').length,
            failureRows: [...document.querySelectorAll('table.failures tbody tr')].map(r => r.innerText),
            figures: [...document.querySelectorAll('figure img')].map(i => i.dataset.file),
            attention: document.querySelectorAll('#attention figure img').length,
            badges: [...document.querySelectorAll('.badge')].map(b => b.textContent),
            summaryText: [...document.querySelectorAll('table.summary tbody tr')].map(r => r.innerText),
            ablationRows: document.querySelectorAll('#ablation table.ablation tbody tr').length,
            ablationText: [...document.querySelectorAll('#ablation table.ablation tbody tr')].map(r => r.innerText),
            ablationPlots: [...document.querySelectorAll('#ablation figure img')].filter(i => i.complete && i.naturalWidth > 0).map(i => i.dataset.file),
            overflow: document.documentElement.scrollWidth > document.documentElement.clientWidth,
            clippedTables: [...document.querySelectorAll('.scroll')].filter(d => d.scrollWidth > d.clientWidth + 1).map(d => d.firstElementChild.className + ':' + d.scrollWidth + '/' + d.clientWidth),
            deadLinks: [...document.querySelectorAll('nav a')].map(a => a.getAttribute('href')).filter(h => !document.querySelector(h)),
            navLinks: document.querySelectorAll('nav a').length,
            tinyImages: imgs.filter(i => i.getBoundingClientRect().width < 200).map(i => i.alt)
          };
        })()
        """;

    private async Task<JsonNode> OpenAsync(RunReport report, string name)
    {
        var dir = Path.Combine(TestContext.TestRunResultsDirectory ?? Path.GetTempPath(), "browser", name);
        if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        var rendered = ReportRenderer.Render(report, dir);
        var ct = TestContext.CancellationToken;
        await using var page = await chromium.OpenPageAsync(ct);
        await page.SetViewportAsync(1280, 900, ct);
        await page.NavigateAsync(new Uri(rendered.Html).AbsoluteUri, ct);
        var dom = await page.EvaluateAsync(Inspect, ct) ?? throw new AssertFailedException("page evaluation returned nothing");

        var shot = await page.ScreenshotFullPageAsync(1280, ct);
        var shotPath = Path.Combine(dir, "screenshot.png");
        await File.WriteAllBytesAsync(shotPath, shot, ct);
        TestContext.AddResultFile(shotPath);
        Assert.IsTrue(shot.Length > 20_000, $"screenshot is only {shot.Length} bytes");

        Assert.AreEqual(0, page.Problems.Count, "console/log problems:\n" + string.Join("\n", page.Problems));
        Assert.AreEqual(0, dom["broken"]!.AsArray().Count, "images not loaded: " + dom["broken"]!.ToJsonString());
        Assert.AreEqual(0, dom["external"]!.AsArray().Count, "external references: " + dom["external"]!.ToJsonString());
        Assert.AreEqual(0, dom["resources"]!.AsArray().Count, "page fetched: " + dom["resources"]!.ToJsonString());
        Assert.IsFalse(dom["overflow"]!.GetValue<bool>(), "the page scrolls sideways at 1280 px");
        Assert.AreEqual(0, dom["clippedTables"]!.AsArray().Count, "tables wider than the page: " + dom["clippedTables"]!.ToJsonString());
        Assert.AreEqual(0, dom["deadLinks"]!.AsArray().Count, "navigation links without a target: " + dom["deadLinks"]!.ToJsonString());
        Assert.IsTrue(dom["navLinks"]!.GetValue<int>() >= 3);
        Assert.AreEqual(0, dom["tinyImages"]!.AsArray().Count, "plots drawn narrower than 200 px: " + dom["tinyImages"]!.ToJsonString());
        StringAssert.Contains(dom["title"]!.GetValue<string>(), report.RunId);
        return dom;
    }

    private static string[] Strings(JsonNode dom, string key) => dom[key]!.AsArray().Select(n => n!.GetValue<string>()).ToArray();

    [TestMethod]
    public async Task Full_report_renders_every_section_table_and_plot_without_console_errors()
    {
        var dom = await OpenAsync(SampleReports.Full(), "full");

        CollectionAssert.AreEqual(new[] { "summary", "plan", "budget", "results", "failures" }, Strings(dom, "sections"));
        CollectionAssert.AreEqual(new[] { "affectnet8", "rafdb" }, Strings(dom, "datasets"));
        Assert.AreEqual(3, dom["summaryRows"]!.GetValue<int>());
        Assert.AreEqual(2 + 3 + 3, dom["seedRows"]!.GetValue<int>());
        Assert.AreEqual(15, dom["images"]!.GetValue<int>());
        Assert.AreEqual(0, dom["failureRows"]!.AsArray().Count);
        // RAF-DB fine-tuned row sits beside the paper's 93.02.
        Assert.IsTrue(Strings(dom, "summaryText").Any(r => r.Contains("fine-tuned from AffectNet-8") && r.Contains("93.02")),
            string.Join("\n", Strings(dom, "summaryText")));
    }

    [TestMethod]
    public async Task Grid_report_shows_the_ablation_table_and_the_accuracy_per_mode_plot()
    {
        var dom = await OpenAsync(SampleReports.Grid(), "grid");

        CollectionAssert.AreEqual(new[] { "summary", "ablation", "plan", "budget", "results", "failures" }, Strings(dom, "sections"));
        Assert.AreEqual(3 * 3, dom["ablationRows"]!.GetValue<int>(), "3 tables (affectnet8, rafdb, rafdb fine-tuned) x 3 modes");
        CollectionAssert.AreEqual(new[] { "img/affectnet8-pretrain-ablation.png", "img/rafdb-pretrain-ablation.png", "img/rafdb-finetune-ablation.png" },
            Strings(dom, "ablationPlots"));
        var rows = Strings(dom, "ablationText");
        Assert.IsTrue(rows.Any(r => r.StartsWith("QCS") && r.Contains("vs baseline") && r.Contains("93.02")), string.Join("\n", rows));
        Assert.IsTrue(rows.Any(r => r.StartsWith("baseline") && r.Contains("reference")), string.Join("\n", rows));
    }

    [TestMethod]
    public async Task Report_with_failed_jobs_lists_each_failure_with_its_error()
    {
        var dom = await OpenAsync(SampleReports.WithFailures(), "failed");

        var failures = Strings(dom, "failureRows");
        Assert.AreEqual(2, failures.Length);
        Assert.IsTrue(failures[0].Contains("out of memory"), failures[0]);
        // User text is shown as text, never parsed as markup.
        Assert.IsTrue(failures[1].Contains("<bad row>"), failures[1]);
        Assert.IsTrue(Strings(dom, "badges").Any(b => b.Contains("failed")), dom["badges"]!.ToJsonString());
        CollectionAssert.Contains(Strings(dom, "datasets"), "ferplus");
    }

    [TestMethod]
    public async Task Single_seed_report_renders_with_zero_spread()
    {
        var dom = await OpenAsync(SampleReports.SingleSeed(), "single");

        Assert.AreEqual(1, dom["seedRows"]!.GetValue<int>());
        Assert.AreEqual(5, dom["images"]!.GetValue<int>());
        Assert.IsTrue(Strings(dom, "summaryText").Single().Contains("± 0.00"), Strings(dom, "summaryText").Single());
    }

    [TestMethod]
    public async Task Attention_maps_are_embedded_when_present()
    {
        var scratch = Path.Combine(TestContext.TestRunResultsDirectory ?? Path.GetTempPath(), "attention-input");
        Directory.CreateDirectory(scratch);
        var png = SampleImages.WriteFace(Path.Combine(scratch, "face.png"));
        var report = SampleReports.SingleSeed() with
        {
            AttentionMaps = [new AttentionFigure("rafdb", png, "test_0001: true Happy, predicted Happy", 7, Core.TrainPhase.Pretrain)],
        };

        var dom = await OpenAsync(report, "attention");

        CollectionAssert.Contains(Strings(dom, "sections"), "attention");
        Assert.AreEqual(1, dom["attention"]!.GetValue<int>());
    }

    [TestMethod]
    public async Task A_page_with_a_broken_image_and_a_console_error_is_caught()
    {
        // Proves the checks above can fail: the same probes on a page that is broken on purpose.
        var dir = Path.Combine(TestContext.TestRunResultsDirectory ?? Path.GetTempPath(), "browser", "broken");
        Directory.CreateDirectory(dir);
        var html = Path.Combine(dir, "broken.html");
        await File.WriteAllTextAsync(html, "<!DOCTYPE html><title>x</title><img alt=\"gone\" src=\"missing.png\"><script>console.error('boom')</script>");
        var ct = TestContext.CancellationToken;
        await using var page = await chromium.OpenPageAsync(ct);
        await page.NavigateAsync(new Uri(html).AbsoluteUri, ct);
        var dom = await page.EvaluateAsync(Inspect, ct);

        Assert.IsTrue(page.Problems.Any(p => p.Contains("boom")), string.Join("\n", page.Problems));
        CollectionAssert.AreEqual(new[] { "gone" }, Strings(dom!, "broken"));
    }
}
