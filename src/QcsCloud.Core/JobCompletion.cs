namespace QcsCloud.Core;

/// <summary>
/// The record a job writes last (<see cref="BlobLayout.CompletionFile"/>): its presence means the job's
/// outputs are complete. Small on purpose; metrics live in <c>metrics.json</c> beside it.
/// </summary>
public sealed record JobCompletion(
    string JobName,
    bool Succeeded,
    int ExitCode,
    string? Error,
    DateTimeOffset StartedUtc,
    DateTimeOffset FinishedUtc,
    IReadOnlyDictionary<string, string>? Outputs = null);
