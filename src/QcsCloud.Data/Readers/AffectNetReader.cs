using System.Globalization;
using QcsCloud.Core;
using QcsCloud.Data.Datasets;
using QcsCloud.Data.Images;

namespace QcsCloud.Data.Readers;

/// <summary>
/// AffectNet: <c>training.csv</c> / <c>validation.csv</c> (subDirectory_filePath, face_x, face_y, face_width,
/// face_height, facial_landmarks, expression, valence, arousal) with images under
/// <c>Manually_Annotated_Images/</c> (or directly under the root). Expression 0..7 are the classes; 8..10 (None,
/// Uncertain, Non-Face) are dropped, and AffectNet-7 also drops 7 (Contempt); both counted in the report.
/// training -> train, validation -> test (the paper reports on the validation set). The header row is optional;
/// when present, columns are found by name (<see cref="CsvTable"/>). With face crop on, a box reaching past the image
/// edge is padded with black (as PIL's crop does) and a box entirely outside the image is a bad entry.
/// </summary>
public static class AffectNetReader
{
    public const string TrainFile = "training.csv";
    public const string ValidationFile = "validation.csv";
    public const string ImageFolder = "Manually_Annotated_Images";
    public const string Header = "subDirectory_filePath,face_x,face_y,face_width,face_height,facial_landmarks,expression,valence,arousal";
    private static readonly string[] Columns = Header.Split(',');
    private static readonly string[] DroppedNames = ["None", "Uncertain", "Non-Face"];

    public static LoadedDataset Read(string root, DatasetKind kind, DatasetReadOptions options)
    {
        if (kind is not (DatasetKind.AffectNet7 or DatasetKind.AffectNet8))
            throw new ArgumentException($"AffectNetReader reads affectnet7 or affectnet8, not {kind}", nameof(kind));
        var trainPath = Path.Combine(root, TrainFile);
        if (!File.Exists(trainPath))
            throw new DatasetFormatException(trainPath, 0, $"AffectNet label file not found (expected {TrainFile} and {ValidationFile} under {root})");
        var imageRoot = Directory.Exists(Path.Combine(root, ImageFolder)) ? Path.Combine(root, ImageFolder) : root;
        var classes = DatasetCatalog.ClassNames(kind);
        var builder = new DatasetBuilder(kind, root, classes, options);
        ReadFile(builder, trainPath, DatasetSplit.Train, imageRoot, classes.Count, options);
        var validationPath = Path.Combine(root, ValidationFile);
        if (File.Exists(validationPath))
            ReadFile(builder, validationPath, DatasetSplit.Test, imageRoot, classes.Count, options);
        return builder.Build(trainPath);
    }

    private static void ReadFile(DatasetBuilder builder, string path, DatasetSplit split, string imageRoot, int numClasses, DatasetReadOptions options)
    {
        using var csv = CsvTable.Open(path, Columns, CsvHeader.Optional);
        while (csv.TryRead(out var row))
        {
            var (lineNo, f) = (row.Line, row.Fields);
            if (!row.Complete) { builder.Bad(path, lineNo, $"expected 9 fields ({Header}), got {row.Count}"); continue; }
            if (!int.TryParse(f[6], NumberStyles.Integer, CultureInfo.InvariantCulture, out var expression))
            {
                builder.Bad(path, lineNo, $"expression '{f[6]}' is not an integer 0-10");
                continue;
            }
            if (expression is < 0 or > 10) { builder.Bad(path, lineNo, $"expression {expression} is out of range 0..10"); continue; }
            if (expression >= 8) { builder.Drop($"expression {expression} ({DroppedNames[expression - 8]})"); continue; }
            if (expression >= numClasses) { builder.Drop("expression 7 (Contempt, not in AffectNet-7)"); continue; }
            var relative = f[0].Replace('\\', '/');
            if (relative.Length == 0 || Path.IsPathRooted(relative) || relative.Split('/').Contains(".."))
            {
                builder.Bad(path, lineNo, $"subDirectory_filePath '{f[0]}' must be a relative path inside the image folder");
                continue;
            }
            PixelBox? box = null;
            if (options.FaceCrop)
            {
                if (!TryBox(f, out var parsed, out var boxError)) { builder.Bad(path, lineNo, boxError); continue; }
                box = parsed;
            }
            var image = new FileImageSource(Path.Combine(imageRoot, relative)) { Crop = box, AllowTruncated = options.AllowTruncated };
            builder.Add(path, lineNo, relative, expression, split, image);
        }
    }

    private static bool TryBox(string[] f, out PixelBox box, out string error)
    {
        box = default;
        error = "";
        var v = new int[4];
        string[] names = ["face_x", "face_y", "face_width", "face_height"];
        for (var i = 0; i < 4; i++)
        {
            if (!double.TryParse(f[1 + i], NumberStyles.Float, CultureInfo.InvariantCulture, out var d) || double.IsNaN(d))
            {
                error = $"{names[i]} '{f[1 + i]}' is not a number";
                return false;
            }
            v[i] = (int)Math.Round(d);
        }
        if (v[2] <= 0 || v[3] <= 0) { error = $"face_width {v[2]} and face_height {v[3]} must both be positive"; return false; }
        box = new PixelBox(v[0], v[1], v[2], v[3]);
        return true;
    }
}
