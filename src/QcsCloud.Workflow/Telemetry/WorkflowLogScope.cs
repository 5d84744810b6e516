using QcsCloud.Workflow.Models;

namespace QcsCloud.Workflow.Telemetry;

/// <summary>
/// The log scope of one orchestration or activity call, read from the orchestration's instance id (<see cref="InstanceIds"/>):
/// <c>RunId</c> (absent for the staging shared across runs), <c>JobName</c> (the job within its run, e.g.
/// <c>pretrain:qcs:affectnet8:s1</c>; absent for the run and its phases' own orchestrations) and <c>InstanceId</c>.
/// Hosts open it around every call, so every log line, in Application Insights as custom dimensions, says which run and
/// job it belongs to: one query over <c>customDimensions.RunId</c> shows a run end to end.
/// </summary>
public static class WorkflowLogScope
{
    public const string RunIdKey = "RunId";
    public const string JobNameKey = "JobName";
    public const string InstanceIdKey = "InstanceId";

    /// <summary>The scope's values for an orchestration instance id (an activity passes its orchestration's id).</summary>
    public static IReadOnlyDictionary<string, object> For(string instanceId)
    {
        var scope = new Dictionary<string, object> { [InstanceIdKey] = instanceId };
        if (string.IsNullOrEmpty(instanceId)) return scope;
        if (instanceId.StartsWith(SharedStagePrefix, StringComparison.Ordinal))
        {
            scope[JobNameKey] = instanceId;
            return scope;
        }
        var colon = instanceId.IndexOf(':', StringComparison.Ordinal);
        scope[RunIdKey] = colon < 0 ? instanceId : instanceId[..colon];
        if (colon >= 0 && IsJob(instanceId[(colon + 1)..])) scope[JobNameKey] = instanceId[(colon + 1)..];
        return scope;
    }

    private const string SharedStagePrefix = "stage:";

    // A run's children: "<phase>" (an orchestration of many jobs) or a job: "stage:<dataset>", "<phase>:...:s<seed>".
    private static bool IsJob(string rest) => rest.Contains(':', StringComparison.Ordinal);
}
