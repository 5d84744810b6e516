namespace QcsCloud.Workflow.Models;

/// <summary>Content of <c>checkpoints/&lt;run&gt;/cancel.json</c>: when the cancel was asked for.</summary>
public sealed record CancelMarker(DateTimeOffset RequestedUtc);
