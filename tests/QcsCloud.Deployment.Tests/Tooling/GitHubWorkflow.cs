using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace QcsCloud.Deployment.Tests.Tooling;

/// <summary>One step's <c>uses:</c>: the action, the ref after '@', and the comment on the same line (or null).</summary>
public sealed record ActionUse(string Job, int Line, string Action, string Ref, string? Comment);

/// <summary>One job of a workflow: its id, its <c>permissions</c> (scope -> level; null when it names none), its steps' actions.</summary>
public sealed record WorkflowJob(string Id, IReadOnlyDictionary<string, string>? Permissions, IReadOnlyList<string> Needs, string? Condition, IReadOnlyList<ActionUse> Uses);

/// <summary>A GitHub Actions workflow read as YAML: top-level permissions and the jobs.</summary>
public sealed partial class GitHubWorkflow
{
    public IReadOnlyDictionary<string, string>? Permissions { get; }
    public IReadOnlyList<WorkflowJob> Jobs { get; }

    private GitHubWorkflow(IReadOnlyDictionary<string, string>? permissions, IReadOnlyList<WorkflowJob> jobs)
    {
        Permissions = permissions;
        Jobs = jobs;
    }

    public WorkflowJob Job(string id) => Jobs.Single(j => j.Id == id);

    public static GitHubWorkflow Load(string name) => Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Workflows, name)));

    public static GitHubWorkflow Parse(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        var root = (YamlMappingNode)stream.Documents.Single().RootNode;
        var lines = text.Split('\n');
        var jobs = ((YamlMappingNode)root[new YamlScalarNode("jobs")]).Children
            .Select(job => ReadJob(((YamlScalarNode)job.Key).Value!, (YamlMappingNode)job.Value, lines))
            .ToList();
        return new GitHubWorkflow(ReadPermissions(root), jobs);
    }

    /// <summary>
    /// Every <c>uses:</c> that is not pinned: the ref must be a full 40-hex commit SHA and the line must end in a
    /// comment naming the version (<c># v1.2.3</c>), so Dependabot can bump both and a reader sees which release it is.
    /// </summary>
    public IEnumerable<string> UnpinnedActions() =>
        Jobs.SelectMany(j => j.Uses)
            .Where(u => !CommitSha().IsMatch(u.Ref) || u.Comment is null || !VersionComment().IsMatch(u.Comment))
            .Select(u => $"job {u.Job}, line {u.Line}: {u.Action}@{u.Ref}{(u.Comment is null ? "" : " # " + u.Comment)}");

    private static WorkflowJob ReadJob(string id, YamlMappingNode job, string[] lines)
    {
        var needs = job.Children.TryGetValue(new YamlScalarNode("needs"), out var n)
            ? n is YamlSequenceNode list ? list.Children.Select(c => ((YamlScalarNode)c).Value!).ToList() : [((YamlScalarNode)n).Value!]
            : new List<string>();
        var condition = job.Children.TryGetValue(new YamlScalarNode("if"), out var c) ? ((YamlScalarNode)c).Value : null;
        var uses = new List<ActionUse>();
        if (job.Children.TryGetValue(new YamlScalarNode("steps"), out var steps))
            foreach (var step in ((YamlSequenceNode)steps).Children.Cast<YamlMappingNode>())
                if (step.Children.TryGetValue(new YamlScalarNode("uses"), out var u))
                    uses.Add(ReadUse(id, (YamlScalarNode)u, lines));
        if (job.Children.TryGetValue(new YamlScalarNode("uses"), out var reusable))
            uses.Add(ReadUse(id, (YamlScalarNode)reusable, lines));
        return new WorkflowJob(id, ReadPermissions(job), needs, condition, uses);
    }

    private static ActionUse ReadUse(string job, YamlScalarNode node, string[] lines)
    {
        var line = (int)node.Start.Line;
        var value = node.Value!;
        var at = value.LastIndexOf('@');
        var comment = lines[line - 1].IndexOf('#', (int)node.End.Column - 1) is var hash and >= 0
            ? lines[line - 1][(hash + 1)..].Trim()
            : null;
        return new ActionUse(job, line, at < 0 ? value : value[..at], at < 0 ? "" : value[(at + 1)..], comment);
    }

    /// <summary>Scope -> level; <c>{}</c> is empty; a string (<c>read-all</c>) is kept under the key "*".</summary>
    private static Dictionary<string, string>? ReadPermissions(YamlMappingNode node) =>
        !node.Children.TryGetValue(new YamlScalarNode("permissions"), out var p) ? null
        : p is YamlMappingNode map ? map.Children.ToDictionary(e => ((YamlScalarNode)e.Key).Value!, e => ((YamlScalarNode)e.Value).Value!)
        : new Dictionary<string, string> { ["*"] = ((YamlScalarNode)p).Value! };

    [GeneratedRegex("^[0-9a-f]{40}$")]
    private static partial Regex CommitSha();

    [GeneratedRegex(@"^v\d+(\.\d+){0,2}$")]
    private static partial Regex VersionComment();
}
