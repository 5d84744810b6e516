namespace QcsCloud.Workflow.Api;

/// <summary>
/// The app roles of the API's app registration (Microsoft Entra ID), checked on every signed-in call
/// (<see cref="CallerPrincipal"/>): the Bicep's <c>authsettingsV2</c> and app registration name the same values.
/// </summary>
public static class ApiRoles
{
    /// <summary>Start and cancel runs (<c>POST /api/runs</c>, <c>POST /api/runs/{id}/cancel</c>); also reads.</summary>
    public const string Submit = "Runs.Submit";

    /// <summary>List runs, read a run and its report (every GET).</summary>
    public const string Read = "Runs.Read";
}
