namespace QcsCloud.Trainer.Storage;

/// <summary>
/// Turns input locations into local paths: local ones as they are, blob ones downloaded into a work folder
/// (env <c>QCS_WORK_DIR</c>, else a temporary folder) with the folder's relative layout.
/// A downloaded folder is a cache: beside it, <c>&lt;folder&gt;.index</c> records the size and version (ETag) of every
/// file after its download completed (downloads go to a temporary file renamed over the target). A cached file is
/// reused only when its record matches the blob now; anything else (a re-uploaded blob, a download killed halfway,
/// no record) is downloaded again, and local files whose blob is gone are deleted.
/// </summary>
public sealed class LocalInputs(StorageFolders storage, string workRoot)
{
    public const string WorkDirVariable = "QCS_WORK_DIR";

    public static string DefaultWorkRoot() =>
        Environment.GetEnvironmentVariable(WorkDirVariable) is { Length: > 0 } dir ? dir : Path.Combine(Path.GetTempPath(), "qcs-work");

    public string WorkRoot { get; } = workRoot;

    /// <summary>A folder: local path checked to exist, or every blob below the URI downloaded.</summary>
    public async Task<string> FolderAsync(string location, string what, CancellationToken cancellationToken)
    {
        var folder = storage.Open(location);
        if (folder.LocalPath is { } local)
        {
            if (!Directory.Exists(local)) throw new StorageNotFoundException($"{what} folder '{local}' does not exist");
            return local;
        }
        var target = Path.Combine(WorkRoot, what.Replace(' ', '-'), Hash(location));
        // The writer lease blob of the job that wrote the folder is not part of its content.
        var files = (await folder.ListFilesAsync(cancellationToken)).Where(f => f.Name != WriterLease.LockName).ToArray();
        if (files.Length == 0) throw new StorageNotFoundException($"{what} '{location}' is empty or does not exist (no blobs under it)");
        // Jobs on one machine (two seeds of one dataset) share this cache: one downloads while the other waits,
        // else one's clean-up deletes the other's half-downloaded temporary files.
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        await using var cacheLock = await LockAsync(target + ".lock", cancellationToken);
        var index = target + ".index";
        var cached = ReadIndex(index);
        RemoveFilesNotIn(target, files);
        Directory.CreateDirectory(target);
        await using var writer = new StreamWriter(index, append: true);
        foreach (var file in files)
        {
            var path = Path.Combine(target, file.Name.Replace('/', Path.DirectorySeparatorChar));
            var record = IndexLine(file);
            if (File.Exists(path) && cached.TryGetValue(file.Name, out var seen) && seen == record && new FileInfo(path).Length == file.Size)
                continue;
            await folder.DownloadAsync(file.Name, path, cancellationToken);
            // Recorded only after the complete file was renamed into place.
            await writer.WriteLineAsync(record);
            await writer.FlushAsync(cancellationToken);
        }
        return target;
    }

    /// <summary>
    /// An exclusive lock on a file, held across processes (.NET takes an flock for FileShare.None on Unix) and
    /// released by the kernel if the holder dies.
    /// </summary>
    private static async Task<FileStream> LockAsync(string path, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException)
            {
                await Task.Delay(200, cancellationToken);
            }
        }
    }

    /// <summary>One index line: name, size and version, tab-separated (names and ETags hold no tabs).</summary>
    private static string IndexLine(StoredFile file) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{file.Name}\t{file.Size}\t{file.Version}");

    /// <summary>The last record per name; a torn last line (a killed write) is ignored.</summary>
    private static Dictionary<string, string> ReadIndex(string index)
    {
        var records = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!File.Exists(index)) return records;
        foreach (var line in File.ReadLines(index))
        {
            var parts = line.Split('\t');
            if (parts.Length == 3 && long.TryParse(parts[1], out _)) records[parts[0]] = line;
        }
        return records;
    }

    private static void RemoveFilesNotIn(string target, IReadOnlyList<StoredFile> files)
    {
        if (!Directory.Exists(target)) return;
        var wanted = files.Select(f => Path.GetFullPath(Path.Combine(target, f.Name.Replace('/', Path.DirectorySeparatorChar))))
            .ToHashSet(StringComparer.Ordinal);
        foreach (var path in Directory.EnumerateFiles(target, "*", SearchOption.AllDirectories).ToArray())
            if (!wanted.Contains(Path.GetFullPath(path))) File.Delete(path);
    }

    /// <summary>A file: local path checked to exist, or the blob downloaded.</summary>
    public async Task<string> FileAsync(string location, string what, CancellationToken cancellationToken)
    {
        if (!StorageFolders.IsUri(location))
        {
            if (!File.Exists(location)) throw new StorageNotFoundException($"{what} '{location}' does not exist");
            return Path.GetFullPath(location);
        }
        var slash = location.TrimEnd('/').LastIndexOf('/');
        var (folderUri, name) = (location[..(slash + 1)], location[(slash + 1)..]);
        var folder = storage.Open(folderUri);
        var target = Path.Combine(WorkRoot, "files", Hash(location), name);
        if (!await folder.ExistsAsync(name, cancellationToken))
            throw new StorageNotFoundException($"{what} blob '{location}' does not exist");
        await folder.DownloadAsync(name, target, cancellationToken);
        return target;
    }

    private static string Hash(string text) =>
        Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)))[..16].ToLowerInvariant();
}
