using System.Text.Json;
using QcsCloud.Core;

namespace QcsCloud.Reports;

/// <summary>
/// Reads the <c>explain.json</c> that <c>qcs explain</c> writes beside its PNGs into <see cref="AttentionFigure"/>s for
/// <see cref="RunReport.AttentionMaps"/>. Only <c>dataset</c>, <c>figures[].file</c> and <c>figures[].caption</c> are
/// read: the report does not depend on the trainer's assembly.
/// </summary>
public static class AttentionFigures
{
    public const string IndexFile = BlobLayout.ExplainIndexFile;

    /// <param name="indexPath">Local path of an <c>explain.json</c>; its PNGs lie beside it.</param>
    public static IReadOnlyList<AttentionFigure> FromExplainIndex(string indexPath, int? seed = null, TrainPhase? phase = null)
    {
        JsonElement root;
        try
        {
            root = JsonDocument.Parse(File.ReadAllText(indexPath)).RootElement;
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{indexPath}: not valid JSON: {e.Message}", e);
        }
        var dataset = String(root, "dataset", indexPath);
        if (!root.TryGetProperty("figures", out var figures) || figures.ValueKind != JsonValueKind.Array)
            throw new InvalidDataException($"{indexPath}: 'figures' is missing or not an array");
        var folder = Path.GetDirectoryName(Path.GetFullPath(indexPath))!;
        var result = new List<AttentionFigure>();
        var i = 0;
        foreach (var figure in figures.EnumerateArray())
        {
            var file = String(figure, "file", $"{indexPath} figures[{i}]");
            if (Path.IsPathRooted(file) || file.Contains("..", StringComparison.Ordinal))
                throw new InvalidDataException($"{indexPath} figures[{i}].file '{file}' must be a file name beside explain.json");
            result.Add(new AttentionFigure(dataset, Path.Combine(folder, file), String(figure, "caption", $"{indexPath} figures[{i}]"), seed, phase));
            i++;
        }
        return result;
    }

    private static string String(JsonElement e, string name, string where) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && v.GetString() is { Length: > 0 } s
            ? s
            : throw new InvalidDataException($"{where}: '{name}' is missing or not a non-empty string");
}
