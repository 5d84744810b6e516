using System.Text.Json;

namespace QcsCloud.Deployment.Tests.Tooling;

/// <summary>
/// A Dockerfile read as instructions, enough to check its content here where no Docker engine runs:
/// bases, stages, users, copies, the publish command and the entry point. The images copy a <c>dotnet publish</c>
/// output made beforehand; its command is the Dockerfile's <c># publish: dotnet publish ...</c> comment line.
/// </summary>
public sealed class Dockerfile
{
    public string Path { get; }
    public IReadOnlyList<DockerInstruction> Instructions { get; }
    public IReadOnlyList<string> Lines { get; }

    public const string PublishMarker = "# publish: ";

    private Dockerfile(string path, IReadOnlyList<DockerInstruction> instructions, IReadOnlyList<string> lines) =>
        (Path, Instructions, Lines) = (path, instructions, lines);

    public static Dockerfile Load(string path)
    {
        var instructions = new List<DockerInstruction>();
        var lines = File.ReadAllLines(path);
        var stage = -1;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var start = i + 1;
            var text = line;
            while (text.EndsWith('\\') && i + 1 < lines.Length)
            {
                var next = lines[++i].Trim();
                if (next.StartsWith('#')) continue;
                text = text[..^1].TrimEnd() + " " + next;
            }
            var space = text.IndexOf(' ');
            var keyword = (space < 0 ? text : text[..space]).ToUpperInvariant();
            if (keyword == "FROM") stage++;
            instructions.Add(new DockerInstruction(start, stage, keyword, space < 0 ? "" : text[(space + 1)..].Trim()));
        }
        return new Dockerfile(path, instructions, lines);
    }

    public IEnumerable<DockerInstruction> Of(string keyword) => Instructions.Where(i => i.Keyword == keyword);

    public int FinalStage => Instructions.Max(i => i.Stage);

    public IEnumerable<DockerInstruction> InFinalStage(string keyword) => Of(keyword).Where(i => i.Stage == FinalStage);

    /// <summary>Image references of every FROM (the part before ' AS name').</summary>
    public IReadOnlyList<string> BaseImages => Of("FROM").Select(i => i.Arguments.Split(' ')[0]).ToList();

    /// <summary>The publish command the image's content comes from: the text after <c># publish: </c>.</summary>
    public string PublishCommand =>
        Lines.Where(l => l.StartsWith(PublishMarker + "dotnet publish ", StringComparison.Ordinal))
            .Select(l => l[PublishMarker.Length..].Trim())
            .SingleOrDefault() ?? throw new InvalidOperationException($"{Path}: no single '{PublishMarker}dotnet publish ...' line.");

    /// <summary>The arguments after <c>dotnet publish</c> in <see cref="PublishCommand"/>, split on spaces.</summary>
    public IReadOnlyList<string> PublishArguments => PublishCommand.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(2).ToList();

    /// <summary>The value after <c>-o</c> in the publish command: the folder the final stage copies.</summary>
    public string PublishOutput
    {
        get
        {
            var args = PublishArguments;
            var at = args.ToList().FindIndex(a => a is "-o" or "--output");
            return at >= 0 && at + 1 < args.Count ? args[at + 1] : throw new InvalidOperationException($"{Path}: the publish command has no -o.");
        }
    }

    /// <summary>The final ENTRYPOINT in exec (JSON array) form.</summary>
    public IReadOnlyList<string> EntryPoint =>
        JsonSerializer.Deserialize<string[]>(InFinalStage("ENTRYPOINT").Last().Arguments)
        ?? throw new InvalidOperationException($"{Path}: ENTRYPOINT is not in exec form.");
}
