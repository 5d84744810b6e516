using System.Text;

namespace QcsCloud.Data.Readers;

/// <summary>Splits one CSV line (RFC 4180 quoting: "a, b" and doubled quotes); multi-line fields are not used by these datasets.</summary>
internal static class Csv
{
    public static string[] Split(string line)
    {
        if (line.IndexOf('"') < 0) return line.Split(',');
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"') { field.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else field.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { fields.Add(field.ToString()); field.Clear(); }
            else field.Append(c);
        }
        fields.Add(field.ToString());
        return fields.ToArray();
    }

    /// <summary>Quotes a field when it holds a comma or a quote.</summary>
    public static string Quote(string field) =>
        field.IndexOfAny([',', '"']) < 0 ? field : "\"" + field.Replace("\"", "\"\"") + "\"";
}
