using QcsCloud.Core;
using QcsCloud.Trainer.Storage;

namespace QcsCloud.Trainer.Cli;

/// <summary>Writes the job's <c>completion.json</c> (last): success, or the failure with its exit code. A cancelled job writes none, so a relaunch resumes.</summary>
public static class JobRecord
{
    public const string JobNameVariable = "QCS_JOB_NAME";

    public static string JobName(string fallback) =>
        Environment.GetEnvironmentVariable(JobNameVariable) is { Length: > 0 } name ? name : fallback;

    public static Task SucceededAsync(OutputFolder output, string job, DateTimeOffset started, IReadOnlyDictionary<string, string> outputs) =>
        output.CompleteAsync(new JobCompletion(JobName(job), true, JobExitCode.Success, null, started, DateTimeOffset.UtcNow, outputs), CancellationToken.None);

    /// <summary>Records a failure unless it is a cancellation; never throws (the original error matters more).</summary>
    public static async Task FailedAsync(OutputFolder? output, string job, DateTimeOffset started, Exception error, TextWriter log)
    {
        var code = CliExitCodes.For(error);
        if (output is null || code == JobExitCode.Cancelled) return;
        try
        {
            await output.CompleteAsync(new JobCompletion(JobName(job), false, code, error.Message, started, DateTimeOffset.UtcNow), CancellationToken.None);
        }
        catch (Exception e)
        {
            await log.WriteLineAsync($"warning: could not write {BlobLayout.CompletionFile} to '{output.Location}': {e.Message}");
        }
    }
}
