using System.Net;
using System.Text.Json.Nodes;
using QcsCloud.EndToEnd.Tests.Support;
using QcsCloud.LocalHost.Tests.Support;
using QcsCloud.Tests.Shared.Chromium;

namespace QcsCloud.EndToEnd.Tests;

/// <summary>
/// The paper's comparison as one run, in local mode: 3 modes x (AffectNet-8 pretrain -> RAF-DB fine-tune) x 3 seeds,
/// real qcs jobs (tiny network), and the report the API serves opened in headless Chromium with its ablation tables and plots.
/// </summary>
[TestClass]
public sealed class GridRunTests
{
    private static readonly string TaskHub = TestStorage.NewTaskHubName("E2eGrid");
    private static readonly string[] Modes = ["baseline", "dcs", "qcs"];
    private static readonly int[] Seeds = [1, 2, 3];

    public TestContext TestContext { get; set; } = null!;

    [ClassCleanup]
    public static async Task DeleteTaskHub() => await TaskHubCleanup.DeleteAsync(TaskHub);

    [TestMethod]
    public async Task A_three_mode_grid_over_two_datasets_and_three_seeds_fine_tunes_each_mode_from_its_own_pretrain_and_its_report_opens_in_a_browser()
    {
        await SyntheticData.EnsureUploadedAsync("affectnet8");
        await SyntheticData.EnsureUploadedAsync("rafdb");
        var (command, launches) = Trainer.LaunchLoggingCommand(Path.Combine(SyntheticData.Root, "grid-run-" + Guid.NewGuid().ToString("N")[..8]));
        await using var host = await LocalHostProcess.StartAsync(TaskHub, settings: E2eSettings.Host(command));
        var runId = $"e2e-grid-{Guid.NewGuid():N}"[..20];

        await RunFollower.StartAsync(host, E2eSettings.Plan(runId, ["affectnet8"], ["rafdb"], Seeds, stepsPerEpoch: 1, modes: Modes, explainImages: 1));
        var view = await RunFollower.WaitUntilEndedAsync(host, runId, TimeSpan.FromMinutes(12));

        Assert.AreEqual("Completed", RunFollower.RuntimeStatus(view), view.ToString());
        var result = view.GetProperty("result");
        Assert.AreEqual("Completed", result.GetProperty("status").GetString(), view.ToString());
        Assert.AreEqual(Modes.Length * 2 * Seeds.Length, result.GetProperty("jobsSucceeded").GetInt32(), view.ToString());
        Assert.AreEqual(0, result.GetProperty("jobsFailed").GetInt32(), view.ToString());

        // Each mode's fine-tune starts from the best pretrain checkpoint of the same mode, never another mode's.
        var lines = File.ReadAllLines(launches).Where(l => l.StartsWith("train ", StringComparison.Ordinal)).ToList();
        Assert.HasCount(Modes.Length * 2 * Seeds.Length, lines, string.Join("\n", lines));
        foreach (var mode in Modes)
        {
            var ofMode = lines.Where(l => l.Contains($"--mode {mode} ", StringComparison.Ordinal) || l.EndsWith($"--mode {mode}", StringComparison.Ordinal)).ToList();
            Assert.HasCount(2 * Seeds.Length, ofMode, $"{mode}:\n{string.Join("\n", lines)}");
            var fineTunes = ofMode.Where(l => l.Contains("--finetune-from", StringComparison.Ordinal)).ToList();
            Assert.HasCount(Seeds.Length, fineTunes, $"{mode}:\n{string.Join("\n", ofMode)}");
            var pretrainFolder = $"/{runId}/{mode}/affectnet8/pretrain/seed-";
            Assert.IsTrue(fineTunes.All(l => FineTuneSource(l).Contains(pretrainFolder, StringComparison.Ordinal)),
                $"{mode} fine-tunes must start from {pretrainFolder}*:\n{string.Join("\n", fineTunes)}");
        }

        // report.json: one ablation table per dataset and phase, one row per mode, every seed counted.
        using var json = await host.Http.GetAsync($"runs/{runId}/report/report.json");
        Assert.AreEqual(HttpStatusCode.OK, json.StatusCode);
        var report = JsonNode.Parse(await json.Content.ReadAsStringAsync())!;
        var tables = report["ablations"]?.AsArray() ?? throw new AssertFailedException("report.json has no ablations: " + report.ToJsonString()[..Math.Min(2000, report.ToJsonString().Length)]);
        Assert.HasCount(2, tables, tables.ToJsonString());
        foreach (var table in tables)
        {
            var arms = table!["rows"]!.AsArray();
            CollectionAssert.AreEquivalent(Modes, arms.Select(r => r!["arm"]!.GetValue<string>()).ToList(), table.ToJsonString());
            Assert.IsTrue(arms.All(r => r!["seedCount"]!.GetValue<int>() == Seeds.Length), table.ToJsonString());
        }

        // report.html as served, opened in a browser: the ablation section with 2 tables x 3 rows and 2 plots that load.
        using var page = await host.Http.GetAsync($"runs/{runId}/report");
        Assert.AreEqual(HttpStatusCode.OK, page.StatusCode);
        var folder = Path.Combine(TestContext.TestRunResultsDirectory ?? Path.GetTempPath(), "grid-report-" + runId);
        Directory.CreateDirectory(folder);
        var html = Path.Combine(folder, "report.html");
        await File.WriteAllTextAsync(html, await page.Content.ReadAsStringAsync(), TestContext.CancellationToken);

        var ct = TestContext.CancellationToken;
        await using var chromium = await HeadlessChromium.StartAsync(ct);
        await using var tab = await chromium.OpenPageAsync(ct);
        await tab.SetViewportAsync(1280, 900, ct);
        await tab.NavigateAsync(new Uri(html).AbsoluteUri, ct);
        var dom = await tab.EvaluateAsync("""
            (() => ({
              sections: [...document.querySelectorAll('section[id]')].map(s => s.id),
              broken: [...document.images].filter(i => !(i.complete && i.naturalWidth > 0)).map(i => i.alt),
              ablationTables: document.querySelectorAll('#ablation table.ablation').length,
              ablationRows: [...document.querySelectorAll('#ablation table.ablation tbody tr')].map(r => r.innerText),
              ablationPlots: [...document.querySelectorAll('#ablation figure img')].filter(i => i.complete && i.naturalWidth > 0).length
            }))()
            """, ct) ?? throw new AssertFailedException("page evaluation returned nothing");
        var shot = Path.Combine(folder, "screenshot.png");
        await File.WriteAllBytesAsync(shot, await tab.ScreenshotFullPageAsync(1280, ct), ct);
        TestContext.AddResultFile(shot);

        Assert.AreEqual(0, tab.Problems.Count, "console/log problems:\n" + string.Join("\n", tab.Problems));
        Assert.AreEqual(0, dom["broken"]!.AsArray().Count, "images not loaded: " + dom["broken"]!.ToJsonString());
        CollectionAssert.Contains(dom["sections"]!.AsArray().Select(n => n!.GetValue<string>()).ToList(), "ablation", dom.ToJsonString());
        Assert.AreEqual(2, dom["ablationTables"]!.GetValue<int>(), dom.ToJsonString());
        var rows = dom["ablationRows"]!.AsArray().Select(n => n!.GetValue<string>()).ToList();
        Assert.HasCount(2 * Modes.Length, rows, string.Join("\n", rows));
        foreach (var label in new[] { "baseline", "DCS", "QCS" })
            Assert.AreEqual(2, rows.Count(r => r.StartsWith(label, StringComparison.Ordinal)), $"{label} rows:\n{string.Join("\n", rows)}");
        Assert.AreEqual(2, dom["ablationPlots"]!.GetValue<int>(), "accuracy-per-mode plots loaded: " + dom.ToJsonString());
    }

    /// <summary>The value of <c>--finetune-from</c> on a logged launch line.</summary>
    private static string FineTuneSource(string line)
    {
        var parts = line.Split(' ');
        var at = Array.IndexOf(parts, "--finetune-from");
        return at >= 0 && at + 1 < parts.Length ? parts[at + 1] : "";
    }
}
