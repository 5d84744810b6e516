using QcsCloud.Trainer.Cli;
using QcsCloud.Trainer.Storage;

namespace QcsCloud.Trainer.Commands.Shared;

/// <summary>
/// The frame of a verb that writes a job's output folder (<c>train</c>, <c>pack</c>): it opens the folder under its
/// writer lease, records success last (<see cref="SucceededAsync"/>), leaves a failure record there when the verb
/// throws (<see cref="JobRecord.FailedAsync"/>, then the error goes on to <see cref="QcsCli"/>), and closes the folder
/// (releasing the lease) however the verb ends.
/// </summary>
public sealed class RecordedJob
{
    private readonly CliServices services;
    private readonly string command;

    private RecordedJob(CliServices services, string command)
    {
        this.services = services;
        this.command = command;
    }

    public DateTimeOffset Started { get; } = DateTimeOffset.UtcNow;

    /// <summary>The output folder once <see cref="OpenAsync"/> has opened it.</summary>
    public OutputFolder? Output { get; private set; }

    public static async Task<int> RunAsync(CliServices services, string command, Func<RecordedJob, Task<int>> verb)
    {
        var job = new RecordedJob(services, command);
        try
        {
            return await verb(job);
        }
        catch (Exception e)
        {
            await JobRecord.FailedAsync(job.Output, services, command, job.Started, e);
            throw;
        }
        finally
        {
            if (job.Output is not null) await job.Output.DisposeAsync();
        }
    }

    /// <summary>Opens the output under its writer lease, held by this job (waiting up to <paramref name="wait"/> for another holder).</summary>
    public async Task<OutputFolder> OpenAsync(string location, string workRoot, IReadOnlyList<string> resumeFiles, TimeSpan wait, CancellationToken cancellationToken)
    {
        Output = await OutputFolder.OpenAsync(services.Storage, location, workRoot, resumeFiles,
            WriterHolder.Current(services.Job.NameOr(command)), wait, services.Error, cancellationToken);
        return Output;
    }

    /// <summary>Writes the success record, last.</summary>
    public Task SucceededAsync(IReadOnlyDictionary<string, string> outputs) =>
        JobRecord.SucceededAsync(Output ?? throw new InvalidOperationException("The output folder is not open"), services, command, Started, outputs);
}
