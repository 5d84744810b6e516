using System.Text.RegularExpressions;

namespace QcsCloud.EndToEnd.Tests.Support;

/// <summary>One fenced shell block of a Markdown document: what a user copies into a terminal.</summary>
/// <param name="Document">Path relative to the repository root, with forward slashes.</param>
/// <param name="Line">1-based line of the opening fence.</param>
/// <param name="Code">The lines between the fences.</param>
/// <param name="NotRunReason">The reason of a <c>&lt;!-- not run by the docs test: ... --&gt;</c> marker on the line
/// before the fence; null when the block is run.</param>
public sealed record DocBlock(string Document, int Line, string Code, string? NotRunReason)
{
    public string Where => $"{Document} line {Line}";
}

/// <summary>
/// The shell blocks (<c>```bash</c>, <c>sh</c>, <c>shell</c>, <c>console</c>) of README.md and the documents it links in
/// <c>docs/</c> and <c>bench/</c>. Every such block is run by <c>DocsCommandTests</c> unless the line right before its fence
/// is <c>&lt;!-- not run by the docs test: REASON --&gt;</c>.
/// </summary>
public static partial class DocBlocks
{
    public const string MarkerPrefix = "<!-- not run by the docs test:";

    /// <summary>The documents in the order their blocks run: README.md, then docs/local-mode.md (it sets up the storage
    /// account and a run that later documents use: <c>$run</c>), then docs/ alphabetically, then bench/README.md.</summary>
    public static IReadOnlyList<string> Documents(string root)
    {
        var docs = Directory.GetFiles(Path.Combine(root, "docs"), "*.md")
            .Select(p => "docs/" + Path.GetFileName(p))
            .Where(p => p != "docs/local-mode.md")
            .Order(StringComparer.Ordinal);
        return ["README.md", "docs/local-mode.md", .. docs, "bench/README.md"];
    }

    public static IReadOnlyList<DocBlock> Read(string root, string document) =>
        Parse(document, File.ReadAllLines(Path.Combine(root, document)));

    /// <summary>Markers outside code blocks that stand before no shell block (a marker that lost its block would hide
    /// nothing, silently).</summary>
    public static IReadOnlyList<string> StrayMarkers(string root, string document)
    {
        var lines = File.ReadAllLines(Path.Combine(root, document));
        var stray = new List<string>();
        for (var i = 0; i < lines.Length; i++)
        {
            var open = Fence().Match(lines[i]);
            if (open.Success)
            {
                i = ClosingFence(lines, i, open.Groups["fence"].Value);
                continue;
            }
            if (lines[i].TrimStart().StartsWith(MarkerPrefix, StringComparison.Ordinal)
                && (i + 1 >= lines.Length || !ShellFence().IsMatch(lines[i + 1])))
                stray.Add($"{document} line {i + 1}");
        }
        return stray;
    }

    public static IReadOnlyList<DocBlock> Parse(string document, IReadOnlyList<string> lines)
    {
        var blocks = new List<DocBlock>();
        for (var i = 0; i < lines.Count; i++)
        {
            var open = Fence().Match(lines[i]);
            if (!open.Success) continue;
            var fence = open.Groups["fence"].Value;
            var end = ClosingFence(lines, i, fence);
            if (ShellFence().IsMatch(lines[i]))
            {
                var reason = i > 0 ? Marker().Match(lines[i - 1]) : Match.Empty;
                blocks.Add(new DocBlock(document, i + 1, string.Join('\n', lines.Skip(i + 1).Take(end - i - 1)),
                    reason.Success ? reason.Groups["reason"].Value.Trim() : null));
            }
            i = end;
        }
        return blocks;
    }

    private static int ClosingFence(IReadOnlyList<string> lines, int open, string fence)
    {
        var end = open + 1;
        while (end < lines.Count && !lines[end].TrimStart().StartsWith(fence, StringComparison.Ordinal)) end++;
        return end;
    }

    [GeneratedRegex(@"^\s*(?<fence>```+|~~~+)")]
    private static partial Regex Fence();

    [GeneratedRegex(@"^\s*(```+|~~~+)\s*(bash|sh|shell|console|zsh)\b", RegexOptions.IgnoreCase)]
    private static partial Regex ShellFence();

    [GeneratedRegex(@"^\s*<!-- not run by the docs test:(?<reason>.*)-->\s*$")]
    private static partial Regex Marker();
}
