using System.Globalization;
using QcsCloud.Core;
using QcsCloud.Data.Datasets;

namespace QcsCloud.Data.Readers;

/// <summary>
/// The simple layout: <c>classes.txt</c> (one class name per line, in label order) and <c>list.txt</c> lines
/// <c>relative/path.jpg &lt;label&gt; [train|validation|test]</c>; the label is a 0-based index or a class name,
/// the split defaults to train.
/// </summary>
public static class GenericListReader
{
    public const string ListFile = "list.txt";
    public const string ClassesFile = "classes.txt";

    public static LoadedDataset Read(string root, DatasetReadOptions options)
    {
        var classesPath = Path.Combine(root, ClassesFile);
        var listPath = Path.Combine(root, ListFile);
        if (!File.Exists(classesPath)) throw new DatasetFormatException(classesPath, 0, "class list not found (one class name per line)");
        if (!File.Exists(listPath)) throw new DatasetFormatException(listPath, 0, "image list not found ('relative/path.jpg <label> [train|test]' per line)");

        var classes = new List<string>();
        var lineNo = 0;
        foreach (var raw in File.ReadLines(classesPath))
        {
            lineNo++;
            var name = raw.Trim();
            if (name.Length == 0) continue;
            if (classes.Contains(name, StringComparer.Ordinal)) throw new DatasetFormatException(classesPath, lineNo, $"class '{name}' is listed twice");
            classes.Add(name);
        }
        if (classes.Count < 2) throw new DatasetFormatException(classesPath, 0, $"needs at least 2 classes, found {classes.Count}");

        var builder = new DatasetBuilder(DatasetKind.Generic, root, classes, options);
        lineNo = 0;
        foreach (var raw in File.ReadLines(listPath))
        {
            lineNo++;
            var tokens = raw.Trim().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (tokens.Length == 0) continue;
            var split = DatasetSplit.Train;
            var n = tokens.Length;
            if (n >= 3 && TryParseSplit(tokens[^1], out var parsed)) { split = parsed; n--; }
            if (n < 2) { builder.Bad(listPath, lineNo, $"expected '<path> <label> [train|validation|test]', got '{raw.Trim()}'"); continue; }
            var labelText = tokens[n - 1];
            var relative = string.Join(' ', tokens[..(n - 1)]).Replace('\\', '/');
            int label;
            if (int.TryParse(labelText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var index)) label = index;
            else if ((label = classes.IndexOf(labelText)) < 0)
            {
                builder.Bad(listPath, lineNo, $"label '{labelText}' is neither a class index nor a name in {ClassesFile}");
                continue;
            }
            if (Path.IsPathRooted(relative) || relative.Split('/').Contains(".."))
            {
                builder.Bad(listPath, lineNo, $"path '{relative}' must be relative to the dataset folder");
                continue;
            }
            builder.Add(listPath, lineNo, relative, label, split, new FileImageSource(Path.Combine(root, relative)) { AllowTruncated = options.AllowTruncated });
        }
        return builder.Build(listPath);
    }

    private static bool TryParseSplit(string text, out DatasetSplit split)
    {
        switch (text.ToLowerInvariant())
        {
            case "train": split = DatasetSplit.Train; return true;
            case "val" or "validation": split = DatasetSplit.Validation; return true;
            case "test": split = DatasetSplit.Test; return true;
            default: split = default; return false;
        }
    }
}
