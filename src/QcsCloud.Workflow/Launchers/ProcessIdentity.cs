using System.Globalization;

namespace QcsCloud.Workflow.Launchers;

/// <summary>
/// A process as Linux knows it across a host restart: its PID, its start time (clock ticks after boot, field 22 of
/// <c>/proc/&lt;pid&gt;/stat</c>) and the boot it belongs to (<c>/proc/sys/kernel/random/boot_id</c>). A PID alone is
/// reused; a PID with the same start time in the same boot is the same process.
/// </summary>
public sealed record ProcessIdentity(int Pid, long StartTicks, string BootId)
{
    public static string CurrentBootId { get; } = ReadBootId();

    /// <summary>The live (not zombie) process <paramref name="pid"/> now, or null when there is none.</summary>
    public static ProcessIdentity? Of(int pid)
    {
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
        // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so split after the last ')'.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        if (fields.Length < 20 || fields[0] == "Z" || fields[0] == "X") return null;
        return new ProcessIdentity(pid, long.Parse(fields[19], CultureInfo.InvariantCulture), CurrentBootId);
    }

    /// <summary>This very process is still running (same boot, same PID, same start time).</summary>
    public bool IsAlive() => BootId == CurrentBootId && Of(Pid) == this;

    private static string ReadBootId()
    {
        try
        {
            return File.ReadAllText("/proc/sys/kernel/random/boot_id").Trim();
        }
        catch (IOException)
        {
            return "unknown";
        }
    }
}
