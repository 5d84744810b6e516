using System.Text;
using QcsCloud.Deployment.Tests.Tooling;

namespace QcsCloud.Deployment.Tests;

/// <summary>
/// Project rule: no tracked file names a package or image registry's host (images use Docker Hub short names,
/// package sources come from the machine's own configuration). Every file <c>git ls-files</c> lists is scanned.
/// </summary>
[TestClass]
public sealed class RegistryHostTests
{
    /// <summary>
    /// Container registries, package registries and distribution mirrors, written reversed so that this file
    /// does not itself name them. Matched case-insensitively as substrings.
    /// </summary>
    private static readonly string[] ReversedHosts =
    [
        "moc.tfosorcim.rcm", "oi.rekcod", "oi.rcvn", "oi.rchg", "oi.rcg", "oi.yauq", "swa.rce.cilbup",
        "gro.tegun", "sjmpn", "moc.gkpnray", "gro.ipyp", "gro.detsohnohtyp",
        "gro.naibed.bed", "gro.naibed.ytiruces", "gro.naibed.ptf", "gro.naibed.riderptth", "moc.utnubu.evihcra",
        "moc.utnubu.ytiruces", "moc.utnubu.strop",
    ];

    private static IReadOnlyList<string> Hosts { get; } = ReversedHosts.Select(h => new string(h.Reverse().ToArray())).ToList();

    private static IEnumerable<string> Findings(string text) =>
        Hosts.Where(h => text.Contains(h, StringComparison.OrdinalIgnoreCase));

    [TestMethod]
    public void No_tracked_file_names_a_registry_host()
    {
        var listed = ToolProcess.Run("git", ["ls-files", "-z"], RepositoryPaths.Root, TimeSpan.FromMinutes(1));
        Assert.AreEqual(0, listed.ExitCode, listed.ToString());
        var files = listed.StandardOutput.Split('\0', StringSplitOptions.RemoveEmptyEntries);
        Assert.IsGreaterThan(100, files.Length, listed.ToString());

        var findings = new List<string>();
        var scanned = 0;
        foreach (var file in files)
        {
            var path = RepositoryPaths.InRoot(file);
            if (!File.Exists(path)) continue; // deleted in the working tree, not yet committed
            var bytes = File.ReadAllBytes(path);
            if (Array.IndexOf(bytes, (byte)0, 0, Math.Min(bytes.Length, 8000)) >= 0) continue; // binary
            scanned++;
            var lines = Encoding.UTF8.GetString(bytes).Split('\n');
            for (var i = 0; i < lines.Length; i++)
                foreach (var host in Findings(lines[i]))
                    findings.Add($"{file}:{i + 1}: {host}");
        }

        Assert.IsGreaterThan(100, scanned);
        Assert.IsEmpty(findings, string.Join('\n', findings));
    }

    [TestMethod]
    public void The_scan_finds_a_host_in_an_image_reference_and_a_package_source_and_ignores_short_names()
    {
        Assert.HasCount(ReversedHosts.Length, Hosts.Distinct().ToList());
        // Built from the reversed list so the test text itself names no host.
        var image = $"FROM {Hosts[0]}/dotnet/runtime:10.0";
        var source = $"<add key=\"feed\" value=\"https://api.{Hosts.Single(h => h.StartsWith("nuget"))}/v3/index.json\" />";

        CollectionAssert.AreEqual(new[] { Hosts[0] }, Findings(image).ToArray());
        Assert.AreEqual(1, Findings(source.ToUpperInvariant()).Count());
        Assert.IsEmpty(Findings("FROM ubuntu:24.04").ToList());
        Assert.IsEmpty(Findings("FROM nvidia/cuda:12.8.1-cudnn-runtime-ubuntu24.04").ToList());
        Assert.IsEmpty(Findings("DefaultAzureCredential; docker build; npm ci; dotnet restore").ToList());
    }
}
