using QcsCloud.Core;
using QcsCloud.Trainer.Storage;

namespace QcsCloud.Trainer.Cli;

/// <summary>
/// Writes the job's <c>completion.json</c> (last): success, or the failure with its exit code. A cancelled job writes
/// none, so a relaunch resumes. A failure never replaces a success record (<see cref="CompletionRecords"/>).
/// </summary>
public static class JobRecord
{
    public static async Task SucceededAsync(OutputFolder output, CliServices services, string command, DateTimeOffset started, IReadOnlyDictionary<string, string> outputs)
    {
        await output.CompleteAsync(new JobCompletion(services.Job.NameOr(command), true, JobExitCode.Success, null, started, DateTimeOffset.UtcNow, outputs), CancellationToken.None);
        services.Job.MarkRecorded();
    }

    /// <summary>Records a failure unless it is a cancellation; never throws (the original error matters more).</summary>
    public static async Task FailedAsync(OutputFolder? output, CliServices services, string command, DateTimeOffset started, Exception error)
    {
        var code = CliExitCodes.For(error);
        if (output is null || code == JobExitCode.Cancelled) return;   // not opened: QcsCli records at QCS_OUTPUT_URI
        try
        {
            await output.RecordFailureAsync(new JobCompletion(services.Job.NameOr(command), false, code, error.Message, started, DateTimeOffset.UtcNow), CancellationToken.None);
            services.Job.MarkRecorded();
        }
        catch (Exception e)
        {
            await services.Error.WriteLineAsync($"warning: could not write {BlobLayout.CompletionFile} to '{output.Location}': {e.Message}");
        }
    }

    /// <summary>
    /// The record of an exit that no command wrote (an argument error, a failure before the output was opened) at
    /// <c>QCS_OUTPUT_URI</c>, under the folder's writer lease; nothing without that variable or for a cancellation.
    /// </summary>
    public static async Task ExitAsync(CliServices services, string command, int code, string error, DateTimeOffset started)
    {
        if (services.Job.OutputUri is not { } uri || services.Job.Recorded || code is JobExitCode.Success or JobExitCode.Cancelled) return;
        try
        {
            var folder = services.Storage.Open(uri);
            var name = services.Job.NameOr(command);
            await using var lease = await folder.TryAcquireWriterLeaseAsync(WriterHolder.Current(name), services.Error, CancellationToken.None);
            await CompletionRecords.TryRecordFailureAsync(folder, new JobCompletion(name, false, code, error, started, DateTimeOffset.UtcNow), CancellationToken.None);
            services.Job.MarkRecorded();
        }
        catch (OutputBusyException e)
        {
            await services.Error.WriteLineAsync($"warning: no {BlobLayout.CompletionFile} written: {e.Message}");
        }
        catch (Exception e)
        {
            await services.Error.WriteLineAsync($"warning: could not write {BlobLayout.CompletionFile} to '{uri}': {e.Message}");
        }
    }
}
