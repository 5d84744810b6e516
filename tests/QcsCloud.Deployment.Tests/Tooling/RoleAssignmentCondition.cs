using System.Text.RegularExpressions;

namespace QcsCloud.Deployment.Tests.Tooling;

/// <summary>
/// An Azure ABAC role assignment condition (version 2.0) of the "constrain roles" form that Microsoft documents for
/// delegating role assignment management: clauses joined by <c>AND</c>, each
/// <c>((!(ActionMatches{'action'})) OR (@Source[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals {guid, ...}))</c>,
/// with the role read from the request for a write and from the existing assignment (the resource) for a delete.
/// Anything else fails <see cref="Parse"/>: a test can then trust <see cref="Allows"/>.
/// </summary>
public sealed partial class RoleAssignmentCondition
{
    public const string Write = "Microsoft.Authorization/roleAssignments/write";
    public const string Delete = "Microsoft.Authorization/roleAssignments/delete";

    private RoleAssignmentCondition(IReadOnlyDictionary<string, IReadOnlySet<string>> rolesByAction) => RolesByAction = rolesByAction;

    /// <summary>For each action the condition constrains, the role definition GUIDs it still allows (lower case).</summary>
    public IReadOnlyDictionary<string, IReadOnlySet<string>> RolesByAction { get; }

    /// <summary>Whether the condition lets the holder perform <paramref name="action"/> for the role <paramref name="roleGuid"/>.</summary>
    public bool Allows(string action, string roleGuid) =>
        !RolesByAction.TryGetValue(action, out var roles) || roles.Contains(roleGuid.ToLowerInvariant());

    public static RoleAssignmentCondition Parse(string condition)
    {
        var roles = new Dictionary<string, IReadOnlySet<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var clause in TopLevelAndClauses(condition))
        {
            var match = ConstrainRoles().Match(clause);
            if (!match.Success) throw new FormatException($"not a constrain-roles clause: {clause}");
            var action = match.Groups["action"].Value;
            var expected = action == Write ? "Request" : action == Delete ? "Resource" : null;
            if (match.Groups["source"].Value != expected)
                throw new FormatException($"{action} is checked against @{match.Groups["source"].Value}, not @{expected ?? "?"}: {clause}");
            var guids = match.Groups["guids"].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            if (guids.FirstOrDefault(g => !Guid.TryParseExact(g, "D", out _)) is { } bad) throw new FormatException($"not a GUID: '{bad}' in {clause}");
            if (!roles.TryAdd(action, guids.Select(g => g.ToLowerInvariant()).ToHashSet()))
                throw new FormatException($"{action} is constrained twice: {condition}");
        }
        return new(roles);
    }

    /// <summary>Splits at each <c> AND </c> outside parentheses; every part must be one parenthesised clause.</summary>
    private static List<string> TopLevelAndClauses(string condition)
    {
        var clauses = new List<string>();
        int depth = 0, start = 0;
        for (var i = 0; i < condition.Length; i++)
        {
            depth += condition[i] switch { '(' => 1, ')' => -1, _ => 0 };
            if (depth < 0) throw new FormatException($"unbalanced ')' at {i}: {condition}");
            if (depth == 0 && string.CompareOrdinal(condition, i, " AND ", 0, 5) == 0)
            {
                clauses.Add(condition[start..i]);
                start = i + 5;
            }
        }
        if (depth != 0) throw new FormatException($"unbalanced '(': {condition}");
        clauses.Add(condition[start..]);
        return clauses;
    }

    [GeneratedRegex(@"^\(\(!\(ActionMatches\{'(?<action>[^']+)'\}\)\) OR \(@(?<source>Request|Resource)\[Microsoft\.Authorization/roleAssignments:RoleDefinitionId\] ForAnyOfAnyValues:GuidEquals \{(?<guids>[^{}]*)\}\)\)$")]
    private static partial Regex ConstrainRoles();
}
