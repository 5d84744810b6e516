using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace QcsCloud.Deployment.Tests.Tooling;

/// <summary>
/// The Bicep CLI, always offline (<c>--no-restore</c>). It exits 0 on type warnings (BCP037, BCP036, ...),
/// so callers look at the diagnostics, never at the exit code alone.
/// </summary>
public static partial class BicepCli
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    /// <summary>Lints every file matching the glob in one process; returns one SARIF run per linted file.</summary>
    public static (int FilesLinted, IReadOnlyList<BicepDiagnostic> Diagnostics, ProcessResult Process) LintPattern(string pattern)
    {
        var result = Run(["lint", "--pattern", pattern, "--no-restore", "--diagnostics-format", "sarif"]);
        var runs = 0;
        var diagnostics = new List<BicepDiagnostic>();
        // The CLI writes one SARIF document per file, back to back.
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(result.StandardOutput), new JsonReaderOptions { AllowMultipleValues = true });
        while (reader.Read())
        {
            using (var document = JsonDocument.ParseValue(ref reader))
            {
                foreach (var run in document.RootElement.GetProperty("runs").EnumerateArray())
                {
                    runs++;
                    foreach (var finding in run.GetProperty("results").EnumerateArray())
                    {
                        var region = finding.GetProperty("locations")[0].GetProperty("physicalLocation");
                        diagnostics.Add(new BicepDiagnostic(
                            new Uri(region.GetProperty("artifactLocation").GetProperty("uri").GetString()!).LocalPath,
                            region.GetProperty("region").GetProperty("startLine").GetInt32(),
                            finding.GetProperty("ruleId").GetString()!,
                            finding.GetProperty("message").GetProperty("text").GetString()!));
                    }
                }
            }
        }
        diagnostics.AddRange(ParseText(result.StandardError));
        return (runs, diagnostics, result);
    }

    /// <summary><c>bicep lint</c> of one .bicep or .bicepparam file.</summary>
    public static (IReadOnlyList<BicepDiagnostic> Diagnostics, ProcessResult Process) Lint(string file)
    {
        var result = Run(["lint", file, "--no-restore"]);
        return (ParseText(result.Output), result);
    }

    /// <summary><c>bicep build --stdout</c>: the ARM JSON and every diagnostic printed on the way.</summary>
    public static (string Json, IReadOnlyList<BicepDiagnostic> Diagnostics, ProcessResult Process) Build(string file)
    {
        var result = Run(["build", file, "--stdout", "--no-restore"]);
        return (result.StandardOutput, ParseText(result.StandardError), result);
    }

    /// <summary><c>bicep build-params --stdout</c>: parameters and template JSON of a .bicepparam file.</summary>
    public static (string Json, IReadOnlyList<BicepDiagnostic> Diagnostics, ProcessResult Process) BuildParams(string file)
    {
        var result = Run(["build-params", file, "--stdout", "--no-restore"]);
        return (result.StandardOutput, ParseText(result.StandardError), result);
    }

    /// <summary>
    /// <c>bicep snapshot</c>: evaluates the deployment of a .bicepparam file offline (names, ids, values, fail()
    /// checks) into <c>&lt;file&gt;.snapshot.json</c> beside it. Values only Azure knows stay as expressions.
    /// </summary>
    public static ProcessResult Snapshot(string parametersFile, string subscriptionId, string resourceGroup, string location) =>
        Run(["snapshot", parametersFile, "--mode", "overwrite", "--subscription-id", subscriptionId,
             "--resource-group", resourceGroup, "--location", location]);

    private static ProcessResult Run(string[] arguments)
    {
        var bicep = RepositoryPaths.BicepExecutable;
        if (!File.Exists(bicep)) throw new FileNotFoundException($"Bicep CLI not found at {bicep}: restore tests/QcsCloud.Deployment.Tests.", bicep);
        // NuGet extracts the binary without its execute bit on some systems.
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(bicep, File.GetUnixFileMode(bicep) | UnixFileMode.UserExecute);
        return ToolProcess.Run(bicep, arguments, RepositoryPaths.Root, Timeout);
    }

    // path(line,col) : Warning BCP037: message
    [GeneratedRegex(@"^(?<file>.+?)\((?<line>\d+),\d+\) : (?:Error|Warning|Info) (?<code>[^:]+): (?<message>.*)$", RegexOptions.Multiline)]
    private static partial Regex TextDiagnostic();

    private static List<BicepDiagnostic> ParseText(string text) =>
        TextDiagnostic().Matches(text)
            .Select(m => new BicepDiagnostic(m.Groups["file"].Value, int.Parse(m.Groups["line"].Value), m.Groups["code"].Value, m.Groups["message"].Value.TrimEnd()))
            .ToList();
}
