namespace QcsCloud.Workflow.Api;

/// <summary>
/// One route of the runs API: its function name (as <c>func</c> lists it), HTTP method, template below <c>/api/</c>
/// and the app role (<see cref="ApiRoles"/>) a signed-in caller needs.
/// </summary>
public sealed record RunsRoute(string Name, string Method, string Template, string Role);
