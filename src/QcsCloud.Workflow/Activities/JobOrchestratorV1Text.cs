namespace QcsCloud.Workflow.Activities;

/// <summary>Shortens error texts that travel through orchestration history.</summary>
internal static class JobOrchestratorV1Text
{
    public static string? Short(string? text) => text is { Length: > 600 } ? text[..600] + " ..." : text;
}
