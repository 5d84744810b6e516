using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using QcsCloud.Reports;

namespace QcsCloud.Reports.Tests;

[TestClass]
public sealed class ReportSchemaTests
{
    public TestContext TestContext { get; set; } = null!;

    // Parsed once: JsonSchema.Net registers a schema by its $id globally and refuses a second registration.
    private static readonly Lazy<JsonSchema> Parsed = new(() => JsonSchema.FromText(ReportRenderer.JsonSchema()));

    private static JsonSchema Schema() => Parsed.Value;

    private string Render(RunReport report)
    {
        var dir = Path.Combine(TestContext.TestRunResultsDirectory ?? Path.GetTempPath(), "schema", report.RunId);
        if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        return File.ReadAllText(ReportRenderer.Render(report, dir).Json);
    }

    private static IReadOnlyList<string> Errors(JsonSchema schema, string json)
    {
        var result = schema.Evaluate(JsonDocument.Parse(json).RootElement,
            new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });
        if (result.IsValid) return [];
        return (result.Details ?? [])
            .Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Key} {e.Value}"))
            .ToList();
    }

    [TestMethod]
    public void Committed_schema_file_is_the_embedded_one()
    {
        var file = Path.Combine(AppContext.BaseDirectory, "report.schema.json");
        Assert.AreEqual(File.ReadAllText(file), ReportRenderer.JsonSchema());
    }

    [TestMethod]
    [DataRow("full")]
    [DataRow("failed")]
    [DataRow("single")]
    [DataRow("built")]
    [DataRow("grid")]
    public void Report_json_validates_against_the_schema(string which)
    {
        var report = which switch
        {
            "full" => SampleReports.Full(),
            "failed" => SampleReports.WithFailures(),
            "built" => RunReportBuilderTests.Build(),
            "grid" => SampleReports.Grid(),
            _ => SampleReports.SingleSeed(),
        };
        var errors = Errors(Schema(), Render(report));
        Assert.AreEqual(0, errors.Count, string.Join("\n", errors));
    }

    [TestMethod]
    public void Schema_rejects_percent_accuracies_and_unknown_fields()
    {
        var node = JsonNode.Parse(Render(SampleReports.SingleSeed()))!;
        var test = node["datasets"]![0]!["phases"]![0]!["seeds"]![0]!["metrics"]!["lastEpoch"]!["test"]!;
        test["accuracy"] = 91.5;
        node["plan"]!["unexpected"] = "x";

        var errors = Errors(Schema(), node.ToJsonString());

        Assert.IsTrue(errors.Any(e => e.Contains("/lastEpoch/test/accuracy")), string.Join("\n", errors));
        Assert.IsTrue(errors.Any(e => e.Contains("/plan")), string.Join("\n", errors));
    }
}
