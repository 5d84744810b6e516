using System.Globalization;

namespace QcsCloud.Trainer.Storage;

/// <summary>Who writes an output folder: the workflow's job name (or the command), the host, the process and since when.</summary>
public sealed record WriterHolder(string Job, string Host, int Pid, DateTimeOffset Since)
{
    /// <summary>This process, writing as <paramref name="job"/>.</summary>
    public static WriterHolder Current(string job) =>
        new(job, Environment.MachineName, Environment.ProcessId, DateTimeOffset.UtcNow);

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"job '{Job}' on host {Host}, pid {Pid}, since {Since:yyyy-MM-ddTHH:mm:ssZ}");
}
