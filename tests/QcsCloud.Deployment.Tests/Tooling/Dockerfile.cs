using System.Text.Json;

namespace QcsCloud.Deployment.Tests.Tooling;

/// <summary>
/// A Dockerfile read as instructions, enough to check its content here where no Docker engine runs:
/// bases, stages, users, copies, the publish command and the entry point.
/// </summary>
public sealed class Dockerfile
{
    public string Path { get; }
    public IReadOnlyList<DockerInstruction> Instructions { get; }

    private Dockerfile(string path, IReadOnlyList<DockerInstruction> instructions) => (Path, Instructions) = (path, instructions);

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
        return new Dockerfile(path, instructions);
    }

    public IEnumerable<DockerInstruction> Of(string keyword) => Instructions.Where(i => i.Keyword == keyword);

    public int FinalStage => Instructions.Max(i => i.Stage);

    public IEnumerable<DockerInstruction> InFinalStage(string keyword) => Of(keyword).Where(i => i.Stage == FinalStage);

    /// <summary>Image references of every FROM (the part before ' AS name').</summary>
    public IReadOnlyList<string> BaseImages => Of("FROM").Select(i => i.Arguments.Split(' ')[0]).ToList();

    /// <summary>The arguments after <c>RUN dotnet publish</c> in the build stage, split on spaces.</summary>
    public IReadOnlyList<string> PublishArguments =>
        Of("RUN").Select(i => i.Arguments).Where(a => a.StartsWith("dotnet publish ", StringComparison.Ordinal))
            .Select(a => a.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(2).ToList())
            .SingleOrDefault() ?? throw new InvalidOperationException($"{Path}: no single 'RUN dotnet publish' instruction.");

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
