using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using QcsCloud.Core;

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
    public void Every_field_the_renderer_emits_is_declared_and_every_declared_field_is_emitted()
    {
        // The committed schema against what ReportRenderer really writes (not against itself): walk each rendered
        // report.json beside the schema; a field the schema does not name, or a named field no report carries, fails.
        var schema = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "report.schema.json")))!.AsObject();
        var walker = new SchemaWalker(schema);

        foreach (var report in new[] { SampleReports.Full(), SampleReports.WithFailures(), SampleReports.SingleSeed(), RunReportBuilderTests.Build(), SampleReports.Grid(), GridWithAVariantAndValidation(), EveryOptionalField() })
            walker.Walk(JsonNode.Parse(Render(report)), schema, "#", "");

        Assert.AreEqual(0, walker.Undeclared.Count, "emitted but not in the schema:\n" + string.Join("\n", walker.Undeclared.Distinct()));
        var neverEmitted = walker.Declared().Except(walker.Used).Order(StringComparer.Ordinal).ToList();
        Assert.AreEqual(0, neverEmitted.Count, "in the schema but in no rendered report:\n" + string.Join("\n", neverEmitted));
    }

    /// <summary>The single-seed sample with every optional field set: recipe, validation scores, a selected epoch, attention maps,
    /// a reused seed, stopped and reused totals.</summary>
    private RunReport EveryOptionalField()
    {
        var report = SampleReports.SingleSeed();
        var dataset = report.Datasets[0];
        var seed = dataset.Phases[0].Seeds[0];
        var metrics = seed.Metrics!;
        var epochs = metrics.Epochs.Select(e => e with { Validation = e.Test! with { Split = "validation" } }).ToList();
        var picked = new SelectedEpoch(epochs[^1].Epoch, "validation-accuracy", epochs[^1].Test!);
        var figure = SampleImages.WriteFace(Path.Combine(TestContext.TestRunResultsDirectory ?? Path.GetTempPath(), "schema-face.png"));
        return report with
        {
            Plan = report.Plan with { Recipe = "qcs-rafdb" },
            Datasets = [dataset with { Phases = [dataset.Phases[0] with { Seeds = [seed with
            {
                Metrics = metrics with { Epochs = epochs, Selected = picked }, ReusedFrom = "earlier-run-rafdb-pretrain-s1", GpuHoursSaved = 0.25,
            }] }] }],
            Budget = (report.Budget ?? new BudgetNotes(null, null, [])) with { JobsStopped = 1, JobsReused = 1, GpuHoursSaved = 0.25 },
            AttentionMaps = [new AttentionFigure(dataset.Dataset, figure, "test_0001: true Happy, predicted Happy", seed.Seed, TrainPhase.Pretrain)],
        };
    }

    /// <summary>The grid sample with a named variant on the QCS arm and a validation-selected epoch on every seed.</summary>
    private static RunReport GridWithAVariantAndValidation()
    {
        var grid = SampleReports.Grid();
        return grid with
        {
            Plan = grid.Plan with { Variants = ["lr-high"] },
            Datasets = grid.Datasets.Select(d => d with
            {
                Phases = d.Phases.Select(p => p with
                {
                    Variant = p.Mode == TrainingMode.Qcs ? "lr-high" : p.Variant,
                    Seeds = p.Seeds.Select(s => s.Metrics is { Epochs.Count: > 0 } m
                        ? s with { Metrics = m with { Selected = new SelectedEpoch(m.Epochs[^1].Epoch, "validation-accuracy", m.Epochs[^1].Test!) } }
                        : s).ToList(),
                }).ToList(),
            }).ToList(),
        };
    }

    [TestMethod]
    public void A_rendered_report_missing_a_required_field_or_with_a_wrong_type_is_rejected()
    {
        var node = JsonNode.Parse(Render(SampleReports.SingleSeed()))!.AsObject();
        node.Remove("runId");
        node["datasets"]![0]!["classNames"] = "Surprise";

        var errors = Errors(Schema(), node.ToJsonString());

        Assert.IsTrue(errors.Any(e => e.Contains("runId")), string.Join("\n", errors));
        Assert.IsTrue(errors.Any(e => e.Contains("/datasets/0/classNames")), string.Join("\n", errors));
    }

    /// <summary>Follows a JSON instance through the schema's properties, items, $ref and additionalProperties.</summary>
    private sealed class SchemaWalker(JsonObject root)
    {
        public HashSet<string> Used { get; } = [];
        public List<string> Undeclared { get; } = [];

        public IEnumerable<string> Declared()
        {
            IEnumerable<string> Of(JsonNode? node, string at) => node switch
            {
                JsonObject o => (o["properties"] is JsonObject props ? props.Select(p => $"{at}/properties/{p.Key}") : [])
                    .Concat(o.SelectMany(kv => Of(kv.Value, $"{at}/{kv.Key}"))),
                JsonArray a => a.SelectMany((n, i) => Of(n, $"{at}/{i}")),
                _ => [],
            };
            return Of(root, "#");
        }

        public void Walk(JsonNode? instance, JsonNode schema, string at, string path)
        {
            while (schema["$ref"]?.GetValue<string>() is { } reference)
            {
                Assert.IsTrue(reference.StartsWith("#/", StringComparison.Ordinal), reference);
                at = reference;
                schema = reference[2..].Split('/').Aggregate((JsonNode)root, (n, part) => n[part]!);
            }
            switch (instance)
            {
                case JsonObject obj:
                    foreach (var (name, value) in obj)
                    {
                        if (schema["properties"]?[name] is { } declared)
                        {
                            Used.Add($"{at}/properties/{name}");
                            Walk(value, declared, $"{at}/properties/{name}", $"{path}/{name}");
                        }
                        else if (schema["additionalProperties"] is JsonObject open) Walk(value, open, $"{at}/additionalProperties", $"{path}/{name}");
                        else Undeclared.Add($"{path}/{name} (schema {at})");
                    }
                    break;
                case JsonArray array when schema["items"] is { } items:
                    foreach (var item in array) Walk(item, items, $"{at}/items", $"{path}/[]");
                    break;
            }
        }
    }

    [TestMethod]
    [DataRow("full")]
    [DataRow("failed")]
    [DataRow("single")]
    [DataRow("built")]
    [DataRow("grid")]
    [DataRow("complete")]
    public void Report_json_validates_against_the_schema(string which)
    {
        var report = which switch
        {
            "full" => SampleReports.Full(),
            "failed" => SampleReports.WithFailures(),
            "built" => RunReportBuilderTests.Build(),
            "grid" => SampleReports.Grid(),
            "complete" => EveryOptionalField(),
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
