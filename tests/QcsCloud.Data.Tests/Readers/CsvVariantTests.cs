using System.Text;
using QcsCloud.Core;
using QcsCloud.Data.Datasets;
using QcsCloud.Data.Packing;
using QcsCloud.Data.Readers;

namespace QcsCloud.Data.Tests.Readers;

/// <summary>
/// Every dataset CSV re-saved the ways spreadsheets, pandas and other platforms write it reads to the same samples
/// and packs to the same content hash as the pristine file.
/// </summary>
[TestClass]
public sealed class CsvVariantTests
{
    public enum Format { FerPlusCsv, FerPlusFolders, AffectNet }

    /// <summary>The CSV files of each synthetic layout, and whether they have a header row.</summary>
    private static (DatasetKind Kind, bool Folders, string[] Files, bool Header) Layout(Format format) => format switch
    {
        Format.FerPlusCsv => (DatasetKind.FerPlus, false, ["fer2013.csv", "fer2013new.csv"], true),
        Format.FerPlusFolders => (DatasetKind.FerPlus, true, ["FER2013Train/label.csv", "FER2013Valid/label.csv", "FER2013Test/label.csv"], false),
        _ => (DatasetKind.AffectNet8, false, ["training.csv", "validation.csv"], true),
    };

    /// <summary>Splits a pristine line: commas separate, double quotes enclose (the FER+ face box).</summary>
    private static List<string> Fields(string line)
    {
        var fields = new List<string> { "" };
        var quoted = false;
        foreach (var c in line)
        {
            if (c == '"') quoted = !quoted;
            else if (c == ',' && !quoted) fields.Add("");
            else fields[^1] += c;
        }
        return fields;
    }

    private static string QuoteAll(IEnumerable<string> fields) => string.Join(',', fields.Select(f => "\"" + f.Replace("\"", "\"\"") + "\""));

    private static string Rewrite(string text, string variant, bool header)
    {
        var lines = text.Split('\n').Where(l => l.Length > 0).ToList();
        var rows = lines.Select(Fields).ToList();
        string Join(List<string> f) => string.Join(',', f.Select(v => v.Contains(',') ? $"\"{v}\"" : v));
        return variant switch
        {
            "quoted" => string.Concat(rows.Select(f => QuoteAll(f) + "\n")),
            "bom" => "\uFEFF" + text,
            "crlf" => text.Replace("\n", "\r\n"),
            "spaces" => string.Concat(rows.Select(f => string.Join(" , ", f.Select(v => v.Contains(',') ? $" \"{v}\" " : $" {v} ")) + "\n")),
            "trailing empty lines" => text + "\n\n \n",
            "extra trailing columns" => string.Concat(rows.Select((f, i) => Join(f) + (header && i == 0 ? ",note," : ",x,") + "\n")),
            "reordered columns" => string.Concat(rows.Select(f => Join([.. f.AsEnumerable().Reverse()]) + "\n")),
            "everything" => "\uFEFF" + string.Concat(rows.Select(f => " " + string.Join(" , ", [.. f.AsEnumerable().Reverse().Select(v => $"\"{v}\"")]) + " ,\"\"\r\n")) + "\r\n\r\n",
            _ => throw new ArgumentException(variant),
        };
    }

    [TestMethod]
    [DataRow(Format.FerPlusCsv, "quoted")]
    [DataRow(Format.FerPlusCsv, "bom")]
    [DataRow(Format.FerPlusCsv, "crlf")]
    [DataRow(Format.FerPlusCsv, "spaces")]
    [DataRow(Format.FerPlusCsv, "trailing empty lines")]
    [DataRow(Format.FerPlusCsv, "extra trailing columns")]
    [DataRow(Format.FerPlusCsv, "reordered columns")]
    [DataRow(Format.FerPlusCsv, "everything")]
    [DataRow(Format.AffectNet, "quoted")]
    [DataRow(Format.AffectNet, "bom")]
    [DataRow(Format.AffectNet, "crlf")]
    [DataRow(Format.AffectNet, "spaces")]
    [DataRow(Format.AffectNet, "trailing empty lines")]
    [DataRow(Format.AffectNet, "extra trailing columns")]
    [DataRow(Format.AffectNet, "reordered columns")]
    [DataRow(Format.AffectNet, "everything")]
    [DataRow(Format.FerPlusFolders, "quoted")]
    [DataRow(Format.FerPlusFolders, "bom")]
    [DataRow(Format.FerPlusFolders, "crlf")]
    [DataRow(Format.FerPlusFolders, "spaces")]
    [DataRow(Format.FerPlusFolders, "trailing empty lines")]
    [DataRow(Format.FerPlusFolders, "extra trailing columns")]
    public void A_csv_resaved_another_way_reads_and_packs_identically(Format format, string variant)
    {
        var (kind, folders, files, header) = Layout(format);
        var options = new DatasetReadOptions(FaceCrop: kind == DatasetKind.AffectNet8);
        var pristine = DatasetReader.Read(kind, SyntheticData.Get(kind, ferFolders: folders), options);
        using var t = SyntheticData.Copy(kind, ferFolders: folders);
        foreach (var file in files)
            File.WriteAllText(t.Combine(file), Rewrite(File.ReadAllText(t.Combine(file)), variant, header), new UTF8Encoding(false));

        var variantRead = DatasetReader.Read(kind, t.Path, options);

        Assert.AreEqual(pristine.Samples.Count, variantRead.Samples.Count);
        for (var i = 0; i < pristine.Samples.Count; i++)
        {
            var (a, b) = (pristine.Samples[i], variantRead.Samples[i]);
            Assert.AreEqual((a.Id, a.Label, a.Split, a.Image.Crop), (b.Id, b.Label, b.Split, b.Image.Crop));
            CollectionAssert.AreEqual(a.Image.ReadPayload().Data, b.Image.ReadPayload().Data, a.Id);
        }
        Assert.AreEqual(QcsJson.Serialize(pristine.Report.DroppedByRule), QcsJson.Serialize(variantRead.Report.DroppedByRule));
        using var packedPristine = new TempFolder("packed");
        using var packedVariant = new TempFolder("packed");
        Assert.AreEqual(DatasetPacker.Pack(pristine, packedPristine.Path).ContentHash, DatasetPacker.Pack(variantRead, packedVariant.Path).ContentHash);
    }

    [TestMethod]
    [DataRow("fer2013.csv", "emotion,Usage", "no column 'pixels'")]
    [DataRow("fer2013new.csv", "Usage,Image name,neutral", "no column 'happiness'")]
    public void A_header_without_a_needed_column_names_the_file_line_and_column(string file, string header, string expected)
    {
        using var t = SyntheticData.Copy(DatasetKind.FerPlus);
        var lines = File.ReadAllLines(t.Combine(file));
        lines[0] = header;
        File.WriteAllLines(t.Combine(file), lines);

        var error = Assert.ThrowsExactly<DatasetFormatException>(() => DatasetReader.Read(DatasetKind.FerPlus, t.Path));

        StringAssert.Contains(error.Message, $"{file}:1:");
        StringAssert.Contains(error.Message, expected);
    }

    [TestMethod]
    public void Affectnet_without_a_header_row_reads_by_position()
    {
        var root = SyntheticData.Get(DatasetKind.AffectNet8);
        using var t = SyntheticData.Copy(DatasetKind.AffectNet8);
        foreach (var file in new[] { "training.csv", "validation.csv" })
            File.WriteAllLines(t.Combine(file), File.ReadAllLines(t.Combine(file)).Skip(1));

        var pristine = DatasetReader.Read(DatasetKind.AffectNet8, root);
        var headerless = DatasetReader.Read(DatasetKind.AffectNet8, t.Path);

        CollectionAssert.AreEqual(pristine.Samples.Select(s => (s.Id, s.Label)).ToArray(), headerless.Samples.Select(s => (s.Id, s.Label)).ToArray());
    }

    [TestMethod]
    public void A_quoted_field_with_a_comma_keeps_its_comma()
    {
        using var t = SyntheticData.Copy(DatasetKind.AffectNet8, 2);
        var path = t.Combine("training.csv");
        var lines = File.ReadAllLines(path);
        var fields = lines[3].Split(',');
        fields[6] = "\"4,5\"";
        lines[3] = string.Join(',', fields);
        File.WriteAllLines(path, lines);

        var error = Assert.ThrowsExactly<DatasetFormatException>(() => DatasetReader.Read(DatasetKind.AffectNet8, t.Path));

        StringAssert.Contains(error.Message, "training.csv:4: expression '4,5' is not an integer");
    }
}
