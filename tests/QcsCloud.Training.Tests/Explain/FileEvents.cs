using System.Collections.Concurrent;

namespace QcsCloud.Training.Tests.Explain;

/// <summary>The names of files created, changed or renamed in one folder, in the order the file system reported them.</summary>
internal sealed class FileEvents : IDisposable
{
    private readonly FileSystemWatcher watcher;
    private readonly ConcurrentQueue<string> names = new();

    private FileEvents(string folder)
    {
        watcher = new FileSystemWatcher(folder) { NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size };
        watcher.Created += (_, e) => names.Enqueue(e.Name!);
        watcher.Changed += (_, e) => names.Enqueue(e.Name!);
        watcher.Renamed += (_, e) => names.Enqueue(e.Name!);
        watcher.EnableRaisingEvents = true;
    }

    public static FileEvents Watch(string folder) => new(folder);

    /// <summary>The events so far, once one names <paramref name="name"/> (events arrive a little after the writes).</summary>
    public List<string> WaitFor(string name, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!names.Contains(name) && DateTime.UtcNow < deadline) Thread.Sleep(20);
        return names.ToList();
    }

    public void Dispose() => watcher.Dispose();
}
