using System.Globalization;
using System.Text;
using QcsCloud.Core;
using QcsCloud.Data.Images;
using QcsCloud.Data.Readers;
using QcsCloud.Data.Transforms;
using SkiaSharp;

namespace QcsCloud.Data.Synthetic;

/// <summary>
/// Writes a small dataset in the exact official layout of RAF-DB, FERPlus or AffectNet (docs/method.md section 4),
/// with <see cref="FaceRenderer"/> faces whose class is learnable. Deterministic from the seed; images are rendered
/// in parallel. Entry point of <c>qcs synth</c>.
/// </summary>
public static class SyntheticDatasetWriter
{
    public static SyntheticSummary Write(DatasetKind format, string outputDir, int perClass, int seed, SyntheticOptions? options = null)
    {
        options = (options ?? new SyntheticOptions()).Validate();
        if (perClass < 2) throw new ArgumentException($"perClass ({perClass}) must be at least 2 (pair sampling needs two images per class)");
        Directory.CreateDirectory(outputDir);
        var testPerClass = (int)Math.Ceiling(perClass * options.TestFraction);
        return format switch
        {
            DatasetKind.RafDb => WriteRafDb(outputDir, perClass, testPerClass, seed, options),
            DatasetKind.FerPlus => WriteFerPlus(outputDir, perClass, testPerClass, seed, options),
            DatasetKind.AffectNet7 or DatasetKind.AffectNet8 => WriteAffectNet(format, outputDir, perClass, testPerClass, seed, options),
            _ => throw new ArgumentException($"Synthetic format must be rafdb, ferplus, affectnet7 or affectnet8, not {DatasetCatalog.Name(format)}"),
        };
    }

    // The random streams of this writer: SeededRandom.For(seed, stream, position, branch). Label orders use the stream
    // numbers below with the shuffle position; each image draws from ImageStreamBase + its split's stream, at its index,
    // branch ImageBranch. Fixed forever: they decide the bytes of every synthetic dataset (and the tests' fixtures).
    private const int RafDbTrainStream = 0, RafDbTestStream = 1;
    private const int FerPlusUsageStream = 10;   // + usage index (Training 0, PublicTest 1, PrivateTest 2)
    private const int FerPlusRowOrderStream = 13;
    private const int FerPlusPixelStream = 20;
    private const int AffectNetLabelStream = 30; // + file index (training.csv 0, validation.csv 1)
    private const int AffectNetFileStream = 40;  // + file index, for the images
    private const int ImageStreamBase = 1000;
    private const int ImageBranch = 7;

    /// <summary>Class labels in a shuffled but seed-determined order, so files do not list classes in blocks.</summary>
    private static int[] Labels(int numClasses, int perClass, int seed, int stream)
    {
        var labels = new int[numClasses * perClass];
        for (var i = 0; i < labels.Length; i++) labels[i] = i % numClasses;
        var order = SeededRandom.For(seed, stream, RandomStreams.ShuffleOrder, 0).Permutation(labels.Length);
        return order.Select(i => labels[i]).ToArray();
    }

    private static SeededRandom Rng(int seed, int stream, int index) => SeededRandom.For(seed, ImageStreamBase + stream, index, ImageBranch);

    private static SyntheticSummary WriteRafDb(string root, int perClass, int testPerClass, int seed, SyntheticOptions options)
    {
        var classes = DatasetCatalog.RafDbClasses;
        var imageDir = Path.Combine(root, RafDbReader.ImageFolder);
        Directory.CreateDirectory(imageDir);
        Directory.CreateDirectory(Path.Combine(root, "EmoLabel"));
        var train = Labels(classes.Count, perClass, seed, RafDbTrainStream);
        var test = Labels(classes.Count, testPerClass, seed, RafDbTestStream);
        var rows = train.Select((l, i) => (Name: $"train_{i + 1:D5}.jpg", Label: l, Stream: RafDbTrainStream, Index: i))
            .Concat(test.Select((l, i) => (Name: $"test_{i + 1:D4}.jpg", Label: l, Stream: RafDbTestStream, Index: i))).ToArray();
        Parallel.ForEach(rows, r =>
        {
            var image = FaceRenderer.Render(classes[r.Label], 100, 100, new PixelBox(0, 0, 100, 100), Rng(seed, r.Stream, r.Index));
            var aligned = Path.GetFileNameWithoutExtension(r.Name) + "_aligned.jpg";
            File.WriteAllBytes(Path.Combine(imageDir, aligned), FaceRenderer.EncodeJpeg(image, options.JpegQuality));
        });
        File.WriteAllText(Path.Combine(root, RafDbReader.LabelFile),
            string.Concat(rows.Select(r => $"{r.Name} {r.Label + 1}\n")));
        return new SyntheticSummary("rafdb", root, perClass, testPerClass, rows.Length, 0);
    }

    private static SyntheticSummary WriteFerPlus(string root, int perClass, int testPerClass, int seed, SyntheticOptions options)
    {
        var classes = DatasetCatalog.FerPlusClasses;
        int[] fer2013Emotion = [6, 3, 5, 4, 0, 1, 2, 0];          // FER2013's own 7 labels, for the emotion column
        string[] usages = ["Training", "PublicTest", "PrivateTest"];
        var rows = new List<(string Usage, int Label, int Kind)>(); // Kind: 0 kept, 1 no majority, 2 unknown, 3 NF, 4 no name
        for (var u = 0; u < 3; u++)
        {
            var labels = Labels(classes.Count, u == 0 ? perClass : testPerClass, seed, FerPlusUsageStream + u);
            rows.AddRange(labels.Select(l => (usages[u], l, 0)));
            if (options.IncludeDroppedRows && u != 1)
                for (var kind = 1; kind <= 4; kind++)
                    rows.Add((usages[u], kind % classes.Count, kind));
        }
        // Drop rows sit among the kept ones, as in the real files.
        var order = SeededRandom.For(seed, FerPlusRowOrderStream, RandomStreams.ShuffleOrder, 0).Permutation(rows.Count);
        rows = order.Select(i => rows[i]).OrderBy(r => Array.IndexOf(usages, r.Usage)).ToList();

        var pixelLines = new string[rows.Count];
        var voteLines = new string[rows.Count];
        Parallel.For(0, rows.Count, i =>
        {
            var (usage, label, kind) = rows[i];
            var rng = Rng(seed, FerPlusPixelStream, i);
            var image = FaceRenderer.Render(classes[label], 48, 48, new PixelBox(0, 0, 48, 48), rng);
            var grey = FaceRenderer.Grey(image);
            pixelLines[i] = $"{fer2013Emotion[label]},{string.Join(' ', grey)},{usage}";
            var votes = kind switch
            {
                0 => MajorityVotes(label, rng),
                1 => NoMajorityVotes(label, rng),
                2 => new[] { 1, 0, 0, 0, 0, 0, 0, 0, 9, 0 },
                3 => new[] { 0, 0, 0, 0, 0, 0, 0, 0, 0, 10 },
                _ => MajorityVotes(label, rng),
            };
            var name = kind == 4 ? "" : $"fer{i:D7}.png";
            voteLines[i] = $"{usage},{name},{string.Join(',', votes)}";
        });
        if (options.FerPlusImageFolders) WriteFerPlusFolders(root, rows, pixelLines, voteLines);
        else
        {
            File.WriteAllText(Path.Combine(root, FerPlusReader.PixelsFile), "emotion,pixels,Usage\n" + string.Concat(pixelLines.Select(l => l + "\n")));
            File.WriteAllText(Path.Combine(root, FerPlusReader.VotesFile),
                "Usage,Image name,neutral,happiness,surprise,sadness,anger,disgust,fear,contempt,unknown,NF\n" + string.Concat(voteLines.Select(l => l + "\n")));
        }
        var dropped = rows.Count(r => r.Kind != 0);
        return new SyntheticSummary("ferplus", root, perClass, testPerClass, rows.Count - dropped, dropped);
    }

    /// <summary>Microsoft's generate_training_data.py layout: one folder per split with PNGs and a label.csv.</summary>
    private static void WriteFerPlusFolders(string root, List<(string Usage, int Label, int Kind)> rows, string[] pixelLines, string[] voteLines)
    {
        string[] usages = ["Training", "PublicTest", "PrivateTest"];
        var labelLines = FerPlusReader.ImageFolders.Select(_ => new StringBuilder()).ToArray();
        for (var i = 0; i < rows.Count; i++)
        {
            var votes = voteLines[i].Split(',');
            if (votes[1].Length == 0) continue;                         // not in FER+: the script writes no image
            var u = Array.IndexOf(usages, rows[i].Usage);
            var folder = Path.Combine(root, FerPlusReader.ImageFolders[u]);
            Directory.CreateDirectory(folder);
            var grey = FerPlusReader.ParsePixels(pixelLines[i].Split(',')[1], out _)!;
            File.WriteAllBytes(Path.Combine(folder, votes[1]), EncodePngGrey(grey, 48, 48));
            labelLines[u].Append($"{votes[1]},\"(0, 0, 48, 48)\",{string.Join(',', votes.Skip(2))}\n");
        }
        for (var u = 0; u < labelLines.Length; u++)
        {
            var folder = Path.Combine(root, FerPlusReader.ImageFolders[u]);
            Directory.CreateDirectory(folder);
            File.WriteAllText(Path.Combine(folder, "label.csv"), labelLines[u].ToString());
        }
    }

    private static byte[] EncodePngGrey(byte[] grey, int width, int height)
    {
        var info = new SKImageInfo(width, height, SKColorType.Gray8, SKAlphaType.Opaque);
        using var bitmap = new SKBitmap(info);
        System.Runtime.InteropServices.Marshal.Copy(grey, 0, bitmap.GetPixels(), grey.Length);
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    /// <summary>10 votes with a clear majority for <paramref name="label"/>, plus single (outlier) and double minority votes.</summary>
    private static int[] MajorityVotes(int label, SeededRandom rng)
    {
        var votes = new int[10];
        var main = 6 + rng.NextInt(5);
        votes[label] = main;
        var left = 10 - main;
        while (left > 0)
        {
            var c = rng.NextInt(9);                                    // any emotion or unknown
            if (c == label) continue;
            var v = Math.Min(left, 1 + rng.NextInt(2));
            votes[c] += v;
            left -= v;
        }
        if (votes.Where((_, i) => i != label).Any(v => 2 * v >= main))  // keep the winner unambiguous
        {
            Array.Clear(votes);
            votes[label] = 10;
        }
        return votes;
    }

    private static int[] NoMajorityVotes(int label, SeededRandom rng)
    {
        var votes = new int[10];
        var other = (label + 1 + rng.NextInt(7)) % 8;
        var third = (other + 1) % 8 == label ? (other + 2) % 8 : (other + 1) % 8;
        votes[label] = 4;
        votes[other] = 4;
        votes[third] = 2;
        return votes;
    }

    private static SyntheticSummary WriteAffectNet(DatasetKind format, string root, int perClass, int testPerClass, int seed, SyntheticOptions options)
    {
        var names = DatasetCatalog.AffectNet8Classes;
        var kept = DatasetCatalog.ClassNames(format).Count;
        var imageRoot = Path.Combine(root, AffectNetReader.ImageFolder);
        string[] files = [AffectNetReader.TrainFile, AffectNetReader.ValidationFile];
        var keptImages = 0;
        var droppedRows = 0;
        for (var f = 0; f < 2; f++)
        {
            var n = f == 0 ? perClass : testPerClass;
            var expressions = Labels(kept, n, seed, AffectNetLabelStream + f).ToList();
            if (options.IncludeDroppedRows)
            {
                var extra = new List<int> { 8, 9, 10 };
                if (kept == 7) extra.Add(7);
                expressions.AddRange(extra);
                droppedRows += extra.Count;
            }
            var lines = new string[expressions.Count];
            Parallel.For(0, expressions.Count, i =>
            {
                var expression = expressions[i];
                var rng = Rng(seed, AffectNetFileStream + f, i);
                var min = options.AffectNetMinSide;
                int width = min + rng.NextInt(min / 2), height = min + rng.NextInt(min / 2);
                var side = Math.Min(width, height) - 20 - rng.NextInt(20);
                var box = new PixelBox(rng.NextInt(width - side + 1), rng.NextInt(height - side + 1), side, side);
                var className = expression < names.Count ? names[expression] : "Neutral";
                var image = FaceRenderer.Render(className, width, height, box, rng);
                var subDir = (1 + (i % 9)).ToString(CultureInfo.InvariantCulture);
                var fileName = $"{Hex(rng)}.jpg";
                Directory.CreateDirectory(Path.Combine(imageRoot, subDir));
                File.WriteAllBytes(Path.Combine(imageRoot, subDir, fileName), FaceRenderer.EncodeJpeg(image, options.JpegQuality));
                var landmarks = string.Join(';', Enumerable.Range(0, 136).Select(k =>
                    (k % 2 == 0 ? box.X + rng.Uniform(0, box.Width) : box.Y + rng.Uniform(0, box.Height)).ToString("0.00", CultureInfo.InvariantCulture)));
                var valence = rng.Uniform(-1, 1).ToString("0.000000", CultureInfo.InvariantCulture);
                var arousal = rng.Uniform(-1, 1).ToString("0.000000", CultureInfo.InvariantCulture);
                lines[i] = $"{subDir}/{fileName},{box.X},{box.Y},{box.Width},{box.Height},{landmarks},{expression},{valence},{arousal}";
            });
            keptImages += expressions.Count(e => e < kept);
            File.WriteAllText(Path.Combine(root, files[f]), AffectNetReader.Header + "\n" + string.Concat(lines.Select(l => l + "\n")));
        }
        return new SyntheticSummary(DatasetCatalog.Name(format), root, perClass, testPerClass, keptImages, droppedRows);
    }

    private static string Hex(SeededRandom rng) =>
        $"{rng.NextUInt64():x16}{rng.NextUInt64():x16}{rng.NextUInt64():x16}"[..40];
}
