namespace QcsCloud.Workflow.Api;

/// <summary>One route of the runs API: its function name (as <c>func</c> lists it), HTTP method and template below <c>/api/</c>.</summary>
public sealed record RunsRoute(string Name, string Method, string Template);
