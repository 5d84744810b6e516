using System.Text.Json;
using System.Text.Json.Serialization;

namespace QcsCloud.Core;

/// <summary>The one JSON convention for files and messages: camelCase, enums as camelCase strings.</summary>
public static class QcsJson
{
    public static JsonSerializerOptions Options { get; } = Create(indented: true);
    public static JsonSerializerOptions Compact { get; } = Create(indented: false);

    private static JsonSerializerOptions Create(bool indented) => new(JsonSerializerDefaults.Web)
    {
        WriteIndented = indented,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static string Serialize<T>(T value, bool indented = true) =>
        JsonSerializer.Serialize(value, indented ? Options : Compact);

    public static T Deserialize<T>(string json, string source) =>
        JsonSerializer.Deserialize<T>(json, Options)
        ?? throw new InvalidDataException($"{source}: JSON is empty (null)");
}
