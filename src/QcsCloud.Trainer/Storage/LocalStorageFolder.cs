namespace QcsCloud.Trainer.Storage;

/// <summary>A local directory. Uploads copy to a temporary file beside the target and rename it over.</summary>
public sealed class LocalStorageFolder(string path) : IStorageFolder
{
    private readonly string root = Path.GetFullPath(path);

    public string Location => root;
    public string? LocalPath => root;

    public Task<bool> ExistsAsync(string name, CancellationToken cancellationToken) =>
        Task.FromResult(File.Exists(Resolve(name)));

    public Task<IReadOnlyList<string>> ListAsync(CancellationToken cancellationToken)
    {
        if (!Directory.Exists(root)) throw new StorageNotFoundException($"Folder '{root}' does not exist");
        IReadOnlyList<string> names = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(root, f).Replace(Path.DirectorySeparatorChar, '/'))
            .Order(StringComparer.Ordinal)
            .ToArray();
        return Task.FromResult(names);
    }

    public async Task<IReadOnlyList<StoredFile>> ListFilesAsync(CancellationToken cancellationToken) =>
        (await ListAsync(cancellationToken)).Select(name =>
        {
            var info = new FileInfo(Resolve(name));
            return new StoredFile(name, info.Length, info.LastWriteTimeUtc.Ticks.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }).ToArray();

    public Task DownloadAsync(string name, string localPath, CancellationToken cancellationToken)
    {
        var source = Resolve(name);
        if (!File.Exists(source)) throw new StorageNotFoundException($"File '{source}' does not exist");
        CopyAtomically(source, localPath);
        return Task.CompletedTask;
    }

    public Task UploadAsync(string localPath, string name, CancellationToken cancellationToken)
    {
        var target = Resolve(name);
        if (Path.GetFullPath(localPath) != target) CopyAtomically(localPath, target);
        return Task.CompletedTask;
    }

    public Task DeleteAsync(string name, CancellationToken cancellationToken)
    {
        File.Delete(Resolve(name));
        return Task.CompletedTask;
    }

    public async Task<StoredText?> ReadTextAsync(string name, CancellationToken cancellationToken)
    {
        var path = Resolve(name);
        if (!File.Exists(path)) return null;
        var text = await File.ReadAllTextAsync(path, cancellationToken);
        return new StoredText(text, Version(path));
    }

    /// <summary>Compare-then-write: atomic against other writers only under the folder's <see cref="LocalWriterLease"/>.</summary>
    public async Task<bool> TryWriteTextAsync(string name, string text, string? expectedVersion, CancellationToken cancellationToken)
    {
        var path = Resolve(name);
        var current = File.Exists(path) ? Version(path) : null;
        if (current != expectedVersion) return false;
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = $"{path}.{Guid.NewGuid():N}.tmp";
        await File.WriteAllTextAsync(temp, text, cancellationToken);
        File.Move(temp, path, overwrite: true);
        return true;
    }

    public Task<WriterLease> TryAcquireWriterLeaseAsync(WriterHolder holder, TextWriter log, CancellationToken cancellationToken) =>
        Task.FromResult<WriterLease>(LocalWriterLease.TryAcquire(root, holder));

    private static string Version(string path)
    {
        var info = new FileInfo(path);
        return string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{info.LastWriteTimeUtc.Ticks}-{info.Length}");
    }

    private string Resolve(string name)
    {
        var full = Path.GetFullPath(Path.Combine(root, name));
        if (!full.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            throw new ArgumentException($"File name '{name}' leaves the folder '{root}'");
        return full;
    }

    private static void CopyAtomically(string source, string target)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var temp = $"{target}.{Guid.NewGuid():N}.tmp";
        try
        {
            File.Copy(source, temp);
            File.Move(temp, target, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }
}
