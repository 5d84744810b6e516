using System.Text.Json.Nodes;

namespace QcsCloud.Deployment.Tests.Tooling;

/// <summary>
/// A compiled ARM template (language version 2.0: resources keyed by symbolic name) with its nested
/// module deployments, so tests can find a resource wherever a module put it.
/// </summary>
public sealed class ArmTemplate
{
    public JsonObject Root { get; }

    public ArmTemplate(JsonObject root) => Root = root;

    public static ArmTemplate Parse(string json) =>
        new(JsonNode.Parse(json)?.AsObject() ?? throw new ArgumentException("Empty template JSON."));

    /// <summary>A top-level resource or module by its Bicep symbolic name.</summary>
    public JsonObject Resource(string symbolicName) => Resource(Root, symbolicName);

    /// <summary>The template a module deployment carries.</summary>
    public ArmTemplate ModuleTemplate(string symbolicName) =>
        new(Resource(symbolicName)["properties"]?["template"]?.AsObject()
            ?? throw new InvalidOperationException($"'{symbolicName}' is not a module deployment."));

    /// <summary>The value a module deployment passes for one of its parameters.</summary>
    public JsonNode? ModuleParameter(string symbolicName, string parameter) =>
        Resource(symbolicName)["properties"]?["parameters"]?[parameter]?["value"];

    public JsonObject Variables => Root["variables"]?.AsObject() ?? [];
    public JsonObject Parameters => Root["parameters"]?.AsObject() ?? [];
    public JsonObject Outputs => Root["outputs"]?.AsObject() ?? [];

    /// <summary>Every resource of this template and of every nested module template, depth first.</summary>
    public IEnumerable<JsonObject> AllResources() => Walk(Root);

    public IEnumerable<JsonObject> ResourcesOfType(string type) =>
        AllResources().Where(r => string.Equals((string?)r["type"], type, StringComparison.OrdinalIgnoreCase));

    private static JsonObject Resource(JsonObject template, string symbolicName) =>
        template["resources"] is JsonObject byName
            ? byName[symbolicName]?.AsObject() ?? throw new InvalidOperationException($"No resource with symbolic name '{symbolicName}'.")
            : throw new InvalidOperationException($"Template language version {template["languageVersion"] ?? "1.0"} has no symbolic names; look '{symbolicName}' up by type.");

    private static IEnumerable<JsonObject> Walk(JsonObject template)
    {
        var resources = template["resources"] switch
        {
            JsonObject byName => byName.Select(p => p.Value).OfType<JsonObject>(),
            JsonArray list => list.OfType<JsonObject>(),
            _ => [],
        };
        foreach (var resource in resources)
        {
            yield return resource;
            if (resource["properties"]?["template"] is JsonObject nested)
                foreach (var inner in Walk(nested)) yield return inner;
        }
    }
}
