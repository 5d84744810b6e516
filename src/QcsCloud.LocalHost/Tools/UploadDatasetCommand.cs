using Azure.Storage.Blobs;
using QcsCloud.Core;

namespace QcsCloud.LocalHost.Tools;

/// <summary>
/// <c>QcsCloud.LocalHost upload-dataset &lt;name&gt; &lt;folder&gt;</c>: copies a dataset folder in its official
/// layout to <c>datasets/&lt;name&gt;/</c> (replacing what was there), so local-run.sh needs no Azure CLI.
/// Storage: <c>QCS_STORAGE_CONNECTION_STRING</c>, else Azurite.
/// </summary>
public static class UploadDatasetCommand
{
    public const string Name = "upload-dataset";

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (args.Length != 3)
        {
            error.WriteLine($"usage: QcsCloud.LocalHost {Name} <dataset name, e.g. rafdb> <folder>");
            return JobExitCode.BadInput;
        }
        var (dataset, folder) = (args[1], Path.GetFullPath(args[2]));
        if (!BlobLayout.IsSafeName(dataset))
        {
            error.WriteLine($"{Name}: dataset name '{dataset}' is not allowed: use lower-case letters, digits and '-'.");
            return JobExitCode.BadInput;
        }
        if (!Directory.Exists(folder))
        {
            error.WriteLine($"{Name}: folder '{folder}' does not exist.");
            return JobExitCode.BadInput;
        }

        var connection = Environment.GetEnvironmentVariable("QCS_STORAGE_CONNECTION_STRING") is { Length: > 0 } c ? c : "UseDevelopmentStorage=true";
        var container = new BlobServiceClient(connection).GetBlobContainerClient(BlobLayout.DatasetsContainer);
        await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);

        var prefix = BlobLayout.DatasetPrefix(dataset);
        var removed = 0;
        await foreach (var blob in container.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, prefix, cancellationToken))
        {
            await container.DeleteBlobIfExistsAsync(blob.Name, cancellationToken: cancellationToken);
            removed++;
        }

        var files = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).ToList();
        long bytes = 0;
        await Parallel.ForEachAsync(files, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken },
            async (file, ct) =>
            {
                var name = prefix + Path.GetRelativePath(folder, file).Replace(Path.DirectorySeparatorChar, '/');
                await container.GetBlobClient(name).UploadAsync(file, overwrite: true, ct);
                Interlocked.Add(ref bytes, new FileInfo(file).Length);
            });
        output.WriteLine($"Uploaded {files.Count} files ({bytes / 1024.0:F0} KiB) from {folder} to {BlobLayout.DatasetsContainer}/{prefix}" +
                         (removed > 0 ? $" (replaced {removed} old blobs)" : ""));
        return JobExitCode.Success;
    }
}
