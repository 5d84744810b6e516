using QcsCloud.Core;
using QcsCloud.Data.Datasets;

namespace QcsCloud.Data.Readers;

/// <summary>
/// RAF-DB basic: <c>EmoLabel/list_patition_label.txt</c> (<c>train_00001.jpg 5</c>, labels 1..7 in the order
/// Surprise, Fear, Disgust, Happy, Sad, Anger, Neutral) and <c>Image/aligned/train_00001_aligned.jpg</c>.
/// The split comes from the file name prefix. The dataset root may be the <c>basic</c> folder or its parent.
/// </summary>
public static class RafDbReader
{
    public const string LabelFile = "EmoLabel/list_patition_label.txt";
    public const string ImageFolder = "Image/aligned";

    public static LoadedDataset Read(string root, DatasetReadOptions options)
    {
        if (!File.Exists(Path.Combine(root, LabelFile)) && File.Exists(Path.Combine(root, "basic", LabelFile)))
            root = Path.Combine(root, "basic");
        var labelPath = Path.Combine(root, LabelFile);
        if (!File.Exists(labelPath))
            throw new DatasetFormatException(labelPath, 0, $"RAF-DB label file not found (expected {LabelFile} under {root})");

        var classes = DatasetCatalog.RafDbClasses;
        var builder = new DatasetBuilder(DatasetKind.RafDb, root, classes, options);
        var lineNo = 0;
        foreach (var raw in File.ReadLines(labelPath))
        {
            lineNo++;
            var line = raw.Trim();
            if (line.Length == 0) continue;
            var fields = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length != 2)
            {
                builder.Bad(labelPath, lineNo, $"expected '<name>.jpg <label 1-7>', got '{line}'");
                continue;
            }
            var name = fields[0];
            if (!int.TryParse(fields[1], out var label1))
            {
                builder.Bad(labelPath, lineNo, $"label '{fields[1]}' is not an integer 1-7");
                continue;
            }
            DatasetSplit split;
            if (name.StartsWith("train_", StringComparison.Ordinal)) split = DatasetSplit.Train;
            else if (name.StartsWith("test_", StringComparison.Ordinal)) split = DatasetSplit.Test;
            else
            {
                builder.Bad(labelPath, lineNo, $"image name '{name}' starts with neither 'train_' nor 'test_'");
                continue;
            }
            if (label1 < 1 || label1 > classes.Count)
            {
                builder.Bad(labelPath, lineNo, $"label {label1} is out of range 1..{classes.Count}");
                continue;
            }
            var aligned = Path.GetFileNameWithoutExtension(name) + "_aligned" + Path.GetExtension(name);
            var image = new FileImageSource(Path.Combine(root, ImageFolder, aligned)) { AllowTruncated = options.AllowTruncated };
            builder.Add(labelPath, lineNo, name, label1 - 1, split, image);
        }
        return builder.Build(labelPath);
    }
}
