using QcsCloud.Core;

namespace QcsCloud.Workflow.Launchers;

/// <summary>
/// The local launcher's state: one <c>&lt;execution id&gt;.json</c> per running job in a folder, written when the job
/// starts (atomically: temporary file renamed over) and deleted when it ends, so a host that crashed and restarted
/// finds the jobs it left running.
/// </summary>
public sealed class LocalJobState(string directory)
{
    public string Directory { get; } = directory;

    public void Save(LocalJobEntry entry)
    {
        System.IO.Directory.CreateDirectory(Directory);
        var path = PathOf(entry.Handle.ExecutionId);
        var temp = $"{path}.{Guid.NewGuid():N}.tmp";
        File.WriteAllText(temp, QcsJson.Serialize(entry));
        File.Move(temp, path, overwrite: true);
    }

    public void Delete(string executionId)
    {
        try { File.Delete(PathOf(executionId)); }
        catch (IOException) { /* gone already */ }
    }

    /// <summary>Every readable entry (a torn or foreign file is skipped).</summary>
    public IReadOnlyList<LocalJobEntry> ReadAll()
    {
        if (!System.IO.Directory.Exists(Directory)) return [];
        var entries = new List<LocalJobEntry>();
        foreach (var file in System.IO.Directory.EnumerateFiles(Directory, "*.json"))
        {
            try
            {
                entries.Add(QcsJson.Deserialize<LocalJobEntry>(File.ReadAllText(file), file));
            }
            catch (Exception e) when (e is IOException or InvalidDataException or System.Text.Json.JsonException)
            {
                // being written or not ours: skip
            }
        }
        return entries;
    }

    private string PathOf(string executionId) => Path.Combine(Directory, executionId + ".json");
}
