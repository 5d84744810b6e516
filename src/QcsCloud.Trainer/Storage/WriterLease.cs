namespace QcsCloud.Trainer.Storage;

/// <summary>
/// The exclusive right to write one output folder, held from before the first write until the process ends:
/// a blob lease on Azure Storage (<see cref="BlobWriterLease"/>), a file lock on a local folder (<see cref="LocalWriterLease"/>).
/// A holder that dies loses it: the kernel drops a file lock at once, a blob lease expires after <see cref="Duration"/>.
/// </summary>
public abstract class WriterLease : IAsyncDisposable
{
    /// <summary>The lock's name inside the output folder (a blob, or a file beside <c>.qcs-writer.json</c> locally).</summary>
    public const string LockName = ".qcs-writer";

    public const string DurationVariable = "QCS_LEASE_SECONDS";

    /// <summary>Blob lease length (15-60 s): how long a killed writer blocks its folder. Env <c>QCS_LEASE_SECONDS</c> for tests.</summary>
    public static TimeSpan Duration =>
        Environment.GetEnvironmentVariable(DurationVariable) is { } s && int.TryParse(s, out var seconds) && seconds is >= 15 and <= 60
            ? TimeSpan.FromSeconds(seconds)
            : TimeSpan.FromSeconds(60);

    /// <summary>How long a writer waits for the lease by default: one lease period and a margin, so a job relaunched right
    /// after its writer was killed (host SIGKILL, preempted replica) takes over instead of failing as a second writer.</summary>
    public static TimeSpan TakeoverWait => Duration + TimeSpan.FromSeconds(10);

    /// <summary>Takes the lease, waiting up to <paramref name="wait"/> while another writer holds it; then throws <see cref="OutputBusyException"/>.</summary>
    public static async Task<WriterLease> AcquireAsync(IStorageFolder folder, WriterHolder holder, TimeSpan wait, TextWriter log, CancellationToken cancellationToken)
    {
        var deadline = DateTimeOffset.UtcNow + wait;
        var told = false;
        while (true)
        {
            try
            {
                return await folder.TryAcquireWriterLeaseAsync(holder, log, cancellationToken);
            }
            catch (OutputBusyException e) when (DateTimeOffset.UtcNow < deadline)
            {
                if (!told) await log.WriteLineAsync($"waiting up to {wait.TotalSeconds:0} s for the writer of '{folder.Location}' to end: {e.Holder}");
                told = true;
                await Task.Delay(TimeSpan.FromSeconds(folder.LocalPath is null ? 5 : 1), cancellationToken);
            }
        }
    }

    public abstract ValueTask DisposeAsync();
}
