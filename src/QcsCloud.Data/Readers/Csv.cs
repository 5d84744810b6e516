using nietras.SeparatedValues;
using QcsCloud.Data.Datasets;

namespace QcsCloud.Data.Readers;

/// <summary>Whether a format's CSV starts with a header row.</summary>
internal enum CsvHeader
{
    /// <summary>The first row names the columns (fer2013.csv, fer2013new.csv); columns are found by name.</summary>
    Required,
    /// <summary>A first row that names any of the columns is a header (AffectNet); otherwise columns by position.</summary>
    Optional,
    /// <summary>No header: columns by position (the FER+ image folders' label.csv).</summary>
    None,
}

/// <summary>One data row: <see cref="Fields"/>[k] is the value of the k-th requested column (empty when the row is too short).</summary>
/// <param name="Line">1-based line number in the file, for errors.</param>
/// <param name="Count">How many of the requested columns the row holds; all of them when <see cref="Complete"/>.</param>
internal readonly record struct CsvRow(int Line, string[] Fields, int Count)
{
    public bool Complete => Count == Fields.Length;
}

/// <summary>
/// The one CSV reader of every dataset format: RFC 4180 (Sep) as spreadsheets and pandas write files: quoted fields
/// and quoted header names, a UTF-8 BOM, CRLF, spaces around fields, blank lines (skipped) and extra columns (ignored).
/// Where the format has a header, the requested columns are found by name (case-insensitive), in any order.
/// </summary>
internal sealed class CsvTable : IDisposable
{
    private readonly SepReader reader;
    private int[] map;
    private bool first = true;
    private readonly CsvHeader header;
    private readonly IReadOnlyList<string> columns;

    private CsvTable(string path, IReadOnlyList<string> columns, CsvHeader header)
    {
        Path = path;
        this.columns = columns;
        this.header = header;
        map = Enumerable.Range(0, columns.Count).ToArray();
        reader = Sep.New(',').Reader(o => o with { HasHeader = false, Unescape = true, Trim = SepTrim.All, DisableColCountCheck = true }).FromFile(path);
    }

    public string Path { get; }

    /// <summary>The columns <see cref="CsvRow.Fields"/> holds, in that order.</summary>
    public IReadOnlyList<string> Columns => columns;

    /// <summary>Opens <paramref name="path"/>; with a required header, a missing column fails naming the file and line.</summary>
    public static CsvTable Open(string path, IReadOnlyList<string> columns, CsvHeader header) => new(path, columns, header);

    /// <summary>The next row that is not blank, or false at the end of the file.</summary>
    public bool TryRead(out CsvRow row)
    {
        while (reader.MoveNext())
        {
            var current = reader.Current;
            var fields = new string[current.ColCount];
            var blank = true;
            for (var i = 0; i < fields.Length; i++)
            {
                fields[i] = current[i].ToString();
                if (fields[i].Length > 0) blank = false;
            }
            // Sep 0.17.1 reports LineNumberFrom 2 for the first row when HasHeader is false; later rows are right.
            var line = current.RowIndex == 0 ? 1 : current.LineNumberFrom;
            if (blank) continue;
            if (first)
            {
                first = false;
                fields[0] = fields[0].TrimStart('\uFEFF');
                if (header == CsvHeader.Required || (header == CsvHeader.Optional && fields.Any(f => columns.Any(c => Same(f, c)))))
                {
                    map = Map(fields, line);
                    continue;
                }
            }
            var values = new string[map.Length];
            var count = 0;
            for (var k = 0; k < map.Length; k++)
            {
                if (map[k] < fields.Length) { values[k] = fields[map[k]]; count++; }
                else values[k] = "";
            }
            row = new CsvRow(line, values, count);
            return true;
        }
        row = default;
        return false;
    }

    private int[] Map(string[] names, int line)
    {
        var indices = new int[columns.Count];
        for (var k = 0; k < columns.Count; k++)
        {
            indices[k] = Array.FindIndex(names, n => Same(n, columns[k]));
            if (indices[k] < 0)
                throw new DatasetFormatException(Path, line,
                    $"expected header '{string.Join(',', columns)}' (any order), got '{string.Join(',', names)}': no column '{columns[k]}'");
        }
        return indices;
    }

    private static bool Same(string a, string b) => string.Equals(a.Trim(), b, StringComparison.OrdinalIgnoreCase);

    public void Dispose() => reader.Dispose();
}
