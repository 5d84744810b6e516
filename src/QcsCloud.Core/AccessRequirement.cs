namespace QcsCloud.Core;

/// <summary>
/// One operation a component performs on an Azure resource, named by the Azure RBAC action or data action it needs.
/// Plain data, declared next to the code that performs the call (<c>RequiredAccess</c> members): the deployment tests
/// check that the identity performing it is granted exactly this, at exactly <see cref="Target"/>, and nothing more.
/// </summary>
/// <param name="Target">Kind of resource the call reaches.</param>
/// <param name="Name">Which one: a container name (<see cref="AccessTarget.DataContainer"/>), <c>train</c> or
/// <c>stage</c> (<see cref="AccessTarget.Job"/>), empty for a whole account.</param>
/// <param name="Operation">The RBAC action, e.g. <c>Microsoft.App/jobs/start/action</c>.</param>
/// <param name="Why">The call that needs it, for the failure message and the README table.</param>
public sealed record AccessRequirement(AccessTarget Target, string Name, string Operation, string Why);
