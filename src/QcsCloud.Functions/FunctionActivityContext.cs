using Microsoft.DurableTask;

namespace QcsCloud.Functions;

/// <summary>The activity context a class-based activity expects; the Durable source generator would emit this.</summary>
public sealed class FunctionActivityContext(string name, string instanceId) : TaskActivityContext
{
    public override TaskName Name { get; } = name;
    public override string InstanceId { get; } = instanceId;
}
