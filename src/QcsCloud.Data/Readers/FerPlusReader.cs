using System.Globalization;
using QcsCloud.Core;
using QcsCloud.Data.Datasets;

namespace QcsCloud.Data.Readers;

/// <summary>
/// FERPlus, in either layout users have:
/// <list type="bullet">
/// <item><c>fer2013.csv</c> (emotion, pixels = 2304 grey values, Usage) + <c>fer2013new.csv</c> (Usage, Image name,
/// 8 emotion votes, unknown, NF), row for row;</item>
/// <item>the FER+ image folders <c>FER2013Train|FER2013Valid|FER2013Test/label.csv</c> + PNGs, as Microsoft's
/// <c>generate_training_data.py</c> writes them.</item>
/// </list>
/// Labels by <see cref="FerPlusLabels.Majority"/>; unknown/NF winners, no-majority rows and rows without an image
/// name are dropped by rule and counted. Training -> train, PublicTest -> validation, PrivateTest -> test. Both CSV
/// files need their header row; columns are found by name, in any order (<see cref="CsvTable"/>).
/// </summary>
public static class FerPlusReader
{
    public const string PixelsFile = "fer2013.csv";
    public const string VotesFile = "fer2013new.csv";
    public static readonly string[] ImageFolders = ["FER2013Train", "FER2013Valid", "FER2013Test"];
    private const int Side = 48;
    private static readonly string[] PixelColumns = ["emotion", "pixels", "Usage"];
    private static readonly string[] VoteColumns =
        ["Usage", "Image name", "neutral", "happiness", "surprise", "sadness", "anger", "disgust", "fear", "contempt", "unknown", "NF"];
    private static readonly string[] LabelColumns =
        ["image", "face box", "neutral", "happiness", "surprise", "sadness", "anger", "disgust", "fear", "contempt", "unknown", "NF"];

    public static LoadedDataset Read(string root, DatasetReadOptions options)
    {
        var pixels = Find(root, PixelsFile);
        var votes = Find(root, VotesFile);
        if (pixels is not null && votes is not null) return ReadCsv(root, pixels, votes, options);
        if (ImageFolders.Any(f => File.Exists(Path.Combine(root, f, "label.csv")))) return ReadFolders(root, options);
        throw new DatasetFormatException(root, 0,
            $"no FERPlus data found: expected {PixelsFile} + {VotesFile}, or {string.Join("/", ImageFolders)}/label.csv");
    }

    private static string? Find(string root, string name)
    {
        foreach (var candidate in new[] { Path.Combine(root, name), Path.Combine(root, "fer2013", name) })
            if (File.Exists(candidate)) return candidate;
        return null;
    }

    private static LoadedDataset ReadCsv(string root, string pixelsPath, string votesPath, DatasetReadOptions options)
    {
        var classes = DatasetCatalog.FerPlusClasses;
        var builder = new DatasetBuilder(DatasetKind.FerPlus, root, classes, options);
        using var pixelsCsv = CsvTable.Open(pixelsPath, PixelColumns, CsvHeader.Required);
        using var votesCsv = CsvTable.Open(votesPath, VoteColumns, CsvHeader.Required);
        Span<int> voteCounts = stackalloc int[10];
        while (true)
        {
            var morePixels = pixelsCsv.TryRead(out var p);
            var moreVotes = votesCsv.TryRead(out var v);
            if (!morePixels && !moreVotes) break;
            if (!morePixels || !moreVotes)
                throw new DatasetFormatException(morePixels ? votesPath : pixelsPath, morePixels ? p.Line : v.Line,
                    $"file ends early: {PixelsFile} and {VotesFile} must have one row per image, in the same order");
            var lineNo = v.Line;
            if (!p.Complete) { builder.Bad(pixelsPath, p.Line, $"expected 3 fields (emotion,pixels,Usage), got {p.Count}"); continue; }
            if (!v.Complete) { builder.Bad(votesPath, lineNo, $"expected 12 fields (Usage, Image name, 10 votes), got {v.Count}"); continue; }
            var usage = p.Fields[2];
            if (!string.Equals(usage, v.Fields[0], StringComparison.Ordinal))
            {
                builder.Bad(votesPath, lineNo, $"Usage '{v.Fields[0]}' differs from {PixelsFile}'s '{usage}' on the same row");
                continue;
            }
            if (!TryParseUsage(usage, out var split)) { builder.Bad(pixelsPath, p.Line, $"Usage '{usage}' is not Training, PublicTest or PrivateTest"); continue; }
            var name = v.Fields[1];
            if (name.Length == 0) { builder.Drop("not in FER+ (empty Image name)"); continue; }
            if (!TryParseVotes(v.Fields.AsSpan(2), voteCounts, out var voteError)) { builder.Bad(votesPath, lineNo, voteError); continue; }
            var grey = ParsePixels(p.Fields[1], out var pixelError);
            if (grey is null) { builder.Bad(pixelsPath, p.Line, pixelError!); continue; }
            if (!Label(builder, voteCounts, out var label)) continue;
            builder.Add(votesPath, lineNo, name, label, split,
                new PixelImageSource(grey, Side, Side, $"{pixelsPath} line {p.Line}"));
        }
        return builder.Build(votesPath);
    }

    private static LoadedDataset ReadFolders(string root, DatasetReadOptions options)
    {
        var classes = DatasetCatalog.FerPlusClasses;
        var builder = new DatasetBuilder(DatasetKind.FerPlus, root, classes, options);
        DatasetSplit[] splits = [DatasetSplit.Train, DatasetSplit.Validation, DatasetSplit.Test];
        Span<int> voteCounts = stackalloc int[10];
        for (var f = 0; f < ImageFolders.Length; f++)
        {
            var folder = Path.Combine(root, ImageFolders[f]);
            var labelPath = Path.Combine(folder, "label.csv");
            if (!File.Exists(labelPath)) continue;
            using var csv = CsvTable.Open(labelPath, LabelColumns, CsvHeader.None);
            var firstRow = true;
            while (csv.TryRead(out var row))
            {
                // fer0000000.png,"(0, 0, 48, 48)",10,0,0,0,0,0,0,0,0,0
                var (lineNo, fields) = (row.Line, row.Fields);
                if (firstRow && !int.TryParse(fields[^1], out _)) { firstRow = false; continue; }   // a header row, if any
                firstRow = false;
                if (!row.Complete) { builder.Bad(labelPath, lineNo, $"expected 12 fields (image, face box, 10 votes), got {row.Count}"); continue; }
                if (!TryParseVotes(fields.AsSpan(2), voteCounts, out var voteError)) { builder.Bad(labelPath, lineNo, voteError); continue; }
                if (!Label(builder, voteCounts, out var label)) continue;
                var name = fields[0];
                builder.Add(labelPath, lineNo, name, label, splits[f], new FileImageSource(Path.Combine(folder, name)) { AllowTruncated = options.AllowTruncated });
            }
        }
        return builder.Build(Path.Combine(root, ImageFolders[0], "label.csv"));
    }

    private static bool Label(DatasetBuilder builder, ReadOnlySpan<int> votes, out int label)
    {
        label = -1;
        switch (FerPlusLabels.Majority(votes))
        {
            case null: builder.Drop("no majority"); return false;
            case FerPlusLabels.Unknown: builder.Drop("majority unknown"); return false;
            case FerPlusLabels.NotFace: builder.Drop("majority NF (not a face)"); return false;
            case var l: label = l.Value; return true;
        }
    }

    private static bool TryParseUsage(string usage, out DatasetSplit split)
    {
        split = usage switch
        {
            "Training" => DatasetSplit.Train,
            "PublicTest" => DatasetSplit.Validation,
            "PrivateTest" => DatasetSplit.Test,
            _ => (DatasetSplit)(-1),
        };
        return (int)split >= 0;
    }

    private static bool TryParseVotes(ReadOnlySpan<string> fields, Span<int> votes, out string error)
    {
        error = "";
        for (var i = 0; i < 10; i++)
        {
            if (!int.TryParse(fields[i], NumberStyles.Integer, CultureInfo.InvariantCulture, out votes[i]) || votes[i] < 0)
            {
                error = $"vote column {i + 1} '{fields[i]}' is not a non-negative integer";
                return false;
            }
        }
        return true;
    }

    /// <summary>2304 space-separated values 0..255 -> 48x48 grey bytes, or null with an error.</summary>
    internal static byte[]? ParsePixels(string text, out string? error)
    {
        error = null;
        var grey = new byte[Side * Side];
        var span = text.AsSpan().Trim();
        var count = 0;
        foreach (var range in span.Split(' '))
        {
            var token = span[range];
            if (token.Length == 0) continue;
            if (count >= grey.Length) { error = $"pixels has more than {grey.Length} values (48x48)"; return null; }
            if (!int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value > 255)
            {
                error = $"pixel value {count + 1} '{token}' is not an integer 0-255";
                return null;
            }
            grey[count++] = (byte)value;
        }
        if (count != grey.Length) { error = $"pixels has {count} values; 48x48 needs {grey.Length}"; return null; }
        return grey;
    }
}
