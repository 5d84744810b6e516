namespace QcsCloud.Trainer.Storage;

/// <summary>
/// A local folder's writer lock: <c>.qcs-writer.lock</c> opened with <see cref="FileShare.None"/> (.NET takes an exclusive
/// flock on Unix, released by the kernel when the holder dies), and who holds it in <c>.qcs-writer.json</c>.
/// The lock file stays (deleting a locked file lets a second writer lock a new one).
/// </summary>
public sealed class LocalWriterLease : WriterLease
{
    private readonly FileStream lockFile;
    private readonly string holderFile;

    private LocalWriterLease(FileStream lockFile, string holderFile)
    {
        this.lockFile = lockFile;
        this.holderFile = holderFile;
    }

    public static LocalWriterLease TryAcquire(string folder, WriterHolder holder)
    {
        Directory.CreateDirectory(folder);
        var holderFile = Path.Combine(folder, LockName + ".json");
        FileStream lockFile;
        try
        {
            lockFile = new FileStream(Path.Combine(folder, LockName + ".lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            throw new OutputBusyException(folder, ReadHolder(holderFile));
        }
        var temp = $"{holderFile}.{Guid.NewGuid():N}.tmp";
        File.WriteAllText(temp, Core.QcsJson.Serialize(holder));
        File.Move(temp, holderFile, overwrite: true);
        return new LocalWriterLease(lockFile, holderFile);
    }

    private static string ReadHolder(string holderFile)
    {
        try
        {
            return Core.QcsJson.Deserialize<WriterHolder>(File.ReadAllText(holderFile), holderFile).ToString();
        }
        catch (Exception e) when (e is IOException or InvalidDataException or System.Text.Json.JsonException)
        {
            return "a writer that has not said who it is yet";
        }
    }

    public override ValueTask DisposeAsync()
    {
        try { File.Delete(holderFile); }
        catch (IOException) { /* the lock below is what counts */ }
        lockFile.Dispose();
        return ValueTask.CompletedTask;
    }
}
