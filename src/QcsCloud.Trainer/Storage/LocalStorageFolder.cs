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
