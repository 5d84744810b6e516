using System.Globalization;
using System.Text;
using QcsCloud.Data.Datasets;
using QcsCloud.Data.Images;

namespace QcsCloud.Data.Packing;

/// <summary>
/// <c>index.tsv</c>: one line per sample, tab-separated:
/// <c>id split label shard offset length format width height crop sha256</c> (crop <c>x,y,w,h</c> or <c>-</c>;
/// width and height: the decoded size, EXIF applied, of every image; indexes from before verification have 0 for
/// encoded files).
/// </summary>
internal static class PackIndex
{
    public const string FileName = "index.tsv";
    public const string Header = "id\tsplit\tlabel\tshard\toffset\tlength\tformat\twidth\theight\tcrop\tsha256";

    public sealed record Entry(string Id, DatasetSplit Split, int Label, int Shard, long Offset, int Length,
        PayloadFormat Format, int Width, int Height, PixelBox? Crop, string Sha256);

    public static string Line(Entry e) => string.Join('\t',
        e.Id, DatasetBuilder.SplitName(e.Split), e.Label.ToString(CultureInfo.InvariantCulture), e.Shard.ToString(CultureInfo.InvariantCulture),
        e.Offset.ToString(CultureInfo.InvariantCulture), e.Length.ToString(CultureInfo.InvariantCulture), e.Format.ToString().ToLowerInvariant(),
        e.Width.ToString(CultureInfo.InvariantCulture), e.Height.ToString(CultureInfo.InvariantCulture), e.Crop?.ToString() ?? "-", e.Sha256);

    /// <summary>The canonical text the content hash is computed over: layout-independent fields only.</summary>
    public static string ContentLine(Entry e) =>
        $"{e.Id}\t{DatasetBuilder.SplitName(e.Split)}\t{e.Label}\t{e.Crop?.ToString() ?? "-"}\t{e.Sha256}\n";

    public static Entry Parse(string line, string file, int lineNo)
    {
        var f = line.Split('\t');
        if (f.Length != 11) throw new DatasetFormatException(file, lineNo, $"expected 11 tab-separated fields, got {f.Length}");
        try
        {
            PixelBox? crop = null;
            if (f[9] != "-")
            {
                var c = f[9].Split(',').Select(v => int.Parse(v, CultureInfo.InvariantCulture)).ToArray();
                crop = new PixelBox(c[0], c[1], c[2], c[3]);
            }
            return new Entry(f[0], Enum.Parse<DatasetSplit>(f[1], ignoreCase: true), int.Parse(f[2], CultureInfo.InvariantCulture),
                int.Parse(f[3], CultureInfo.InvariantCulture), long.Parse(f[4], CultureInfo.InvariantCulture),
                int.Parse(f[5], CultureInfo.InvariantCulture), Enum.Parse<PayloadFormat>(f[6], ignoreCase: true),
                int.Parse(f[7], CultureInfo.InvariantCulture), int.Parse(f[8], CultureInfo.InvariantCulture), crop, f[10]);
        }
        catch (Exception e) when (e is FormatException or OverflowException or ArgumentException or IndexOutOfRangeException)
        {
            throw new DatasetFormatException(file, lineNo, $"bad index entry: {e.Message}");
        }
    }

    public static string Hex(byte[] hash) => Convert.ToHexString(hash).ToLowerInvariant();

    public static byte[] Utf8(string s) => Encoding.UTF8.GetBytes(s);
}
