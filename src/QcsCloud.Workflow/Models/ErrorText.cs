namespace QcsCloud.Workflow.Models;

/// <summary>Error texts travel through orchestration history and custom status: keep them short (the job's log has the rest).</summary>
public static class ErrorText
{
    public const int MaxLength = 600;

    public static string? Short(string? text) => text is { Length: > MaxLength } ? text[..MaxLength] + " ..." : text;
}
