namespace QcsCloud.Trainer.Storage;

/// <summary>
/// Turns input locations into local paths: local ones as they are, blob ones downloaded into a work folder
/// (env <c>QCS_WORK_DIR</c>, else a temporary folder) with the folder's relative layout.
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
        var names = await folder.ListAsync(cancellationToken);
        if (names.Count == 0) throw new StorageNotFoundException($"{what} '{location}' is empty or does not exist (no blobs under it)");
        foreach (var name in names)
        {
            var path = Path.Combine(target, name.Replace('/', Path.DirectorySeparatorChar));
            if (!File.Exists(path)) await folder.DownloadAsync(name, path, cancellationToken);
        }
        return target;
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
