using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using QcsCloud.LocalHost;
using QcsCloud.EndToEnd.Tests.Support;
using QcsCloud.LocalHost.Tests.Support;

namespace QcsCloud.EndToEnd.Tests;

/// <summary>
/// The command blocks a user copies from README.md and docs/ run as written: against the real local host (on a free port the
/// docs' <c>QCS_API</c> names), the shared Azurite, Debian's <c>azure-cli</c> and the built <c>qcs</c>, in document order in one
/// shell session per test. A block that cannot run here says why in a marker (<see cref="DocBlocks.MarkerPrefix"/>).
/// </summary>
[TestClass]
public sealed class DocsCommandTests
{
    private static readonly string TaskHub = TestStorage.NewTaskHubName("E2eDocs");

    [ClassCleanup]
    public static async Task Cleanup() => await TaskHubCleanup.DeleteAsync(TaskHub);

    [TestMethod]
    public void Every_shell_block_of_the_docs_is_run_or_says_why_not()
    {
        var blocks = DocBlocks.Documents(RepoPaths.Root).SelectMany(d => DocBlocks.Read(RepoPaths.Root, d)).ToList();

        var unexplained = blocks.Where(b => b.NotRunReason is { Length: < 10 }).Select(b => $"{b.Where}: '{b.NotRunReason}'").ToList();
        var stray = DocBlocks.Documents(RepoPaths.Root).SelectMany(d => DocBlocks.StrayMarkers(RepoPaths.Root, d)).ToList();

        Assert.IsEmpty(unexplained, "a not-run marker needs a reason (what the block needs that this machine lacks):\n" + string.Join("\n", unexplained));
        Assert.IsEmpty(stray, $"'{DocBlocks.MarkerPrefix} ... -->' must be the line right before a ```bash fence:\n" + string.Join("\n", stray));
        // The local-mode walk-through (storage, upload, run, report, download, cancel, self-check) is run, not skipped.
        Assert.IsGreaterThanOrEqualTo(5, blocks.Count(b => b.Document == "docs/local-mode.md" && b.NotRunReason is null),
            string.Join("\n", blocks.Select(b => $"{b.Where}: {b.NotRunReason ?? "run"}")));
    }

    /// <summary>The run test gives the docs a host on a free port (<c>QCS_API</c>); the address a user gets by default must
    /// be where the local host listens by default.</summary>
    [TestMethod]
    public void The_docs_default_API_address_is_where_the_local_host_listens_by_default()
    {
        var code = string.Join('\n', DocBlocks.Read(RepoPaths.Root, "docs/local-mode.md").Where(b => b.NotRunReason is null).Select(b => b.Code));

        var match = Regex.Match(code, @"^api=\$\{QCS_API:-http://127\.0\.0\.1:(?<port>\d+)/api\}", RegexOptions.Multiline);

        Assert.IsTrue(match.Success, "docs/local-mode.md defines no api=${QCS_API:-http://127.0.0.1:<port>/api}:\n" + code);
        Assert.AreEqual(new LocalHostOptions().ApiPort, int.Parse(match.Groups["port"].Value, CultureInfo.InvariantCulture));
    }

    [TestMethod]
    public async Task The_docs_command_blocks_run_as_written_against_the_local_host_and_azurite()
    {
        await using var host = await LocalHostProcess.StartAsync(TaskHub, settings: E2eSettings.Host($"dotnet {Trainer.AssemblyPath}"));
        using var session = new BashSession(RepoPaths.Root, new Dictionary<string, string>
        {
            // Azure CLI: no telemetry upload, no survey or update prompts.
            ["AZURE_CORE_COLLECT_TELEMETRY"] = "0",
            ["AZURE_CORE_SURVEY_MESSAGE"] = "0",
            // The docs say api=${QCS_API:-http://127.0.0.1:7071/api}: this host is on a free port, so a host someone
            // left on 7071 (KEEP_HOST=1 local-run.sh) is neither used by the blocks nor mistaken for this one.
            ["QCS_API"] = $"http://127.0.0.1:{host.ApiPort}/api",
        });
        var log = new StringBuilder();
        var ran = 0;

        foreach (var document in DocBlocks.Documents(RepoPaths.Root))
            foreach (var block in DocBlocks.Read(RepoPaths.Root, document).Where(b => b.NotRunReason is null))
            {
                var (exit, stdout, stderr, took) = await session.RunAsync(block.Code, TimeSpan.FromMinutes(5));
                log.AppendLine($"{block.Where}: exit {exit}, {took.TotalSeconds:F1} s");
                Assert.AreEqual(0, exit,
                    $"{block.Where} (```bash block) failed with exit {exit}{(exit == 124 ? " (timed out)" : "")}:\n" +
                    $"{block.Code}\n--- stderr ---\n{RunFollower.Tail(stderr, 4000)}\n--- stdout ---\n{RunFollower.Tail(stdout, 3000)}\n" +
                    $"--- blocks so far ---\n{log}--- local host ---\n{RunFollower.Tail(host.Output, 3000)}");
                ran++;
            }

        Console.WriteLine(log);
        Assert.IsGreaterThanOrEqualTo(5, ran, log.ToString());
    }
}
